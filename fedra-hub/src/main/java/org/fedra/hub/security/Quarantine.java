package org.fedra.hub.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.fedra.hub.security.QuarantinePolicy.Key;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.Failure;

/**
 * The quarantines in force, kept in the hub database, and the federation's minimum security index. {@link #apply}
 * brings them to what {@link QuarantinePolicy} says is due: each new quarantine and each release is audited and told to
 * the listeners (the task dispatcher, which stops sending the node tasks of that scope and finishes its running ones
 * without it, and the node's stream, so that the node audits it too).
 */
public final class Quarantine {
    /** A quarantine in force. */
    public record Entry(String nodeId, String scope, String reason, Instant since) {
    }

    /** Told of each change. */
    public interface Listener {
        void changed(Key key, boolean quarantined, String reason);
    }

    /** The scope prefix of a quarantine an alert's response holds ("alert-ID"): index changes do not lift it, the operator does. */
    public static final String ALERT_SCOPE_PREFIX = "alert-";

    private final DataSource db;
    private final AuditLog audit;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public Quarantine(DataSource db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    public void onChange(Listener l) {
        listeners.add(l);
    }

    /** The federation's minimum security index (0: none). */
    public double federationMinimum() {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT minimum FROM federation_security_minimum WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getDouble(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (federation minimum): " + e.getMessage(), e);
        }
    }

    /**
     * Sets the federation's minimum; the caller re-evaluates the quarantines.
     *
     * @throws Failure BAD_INPUT outside 0..100
     */
    public void setFederationMinimum(double minimum, String by) {
        if (!(minimum >= 0 && minimum <= 100)) {
            throw Failure.badInput("the federation's minimum security index must be a number from 0 to 100, not " + minimum);
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("MERGE INTO federation_security_minimum (id, minimum, set_at) KEY (id) VALUES (1, ?, ?)")) {
            s.setDouble(1, minimum);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (federation minimum): " + e.getMessage(), e);
        }
        audit.append(AuditAction.SECURITY_INDEX_COMPUTED, "federation minimum security index set to " + QuarantinePolicy.number(minimum) + " by " + by);
    }

    /** Brings the index quarantines in force to {@code due}: new ones are added, recovered ones released (alert holds stay). */
    public synchronized void apply(Map<Key, String> due) {
        Map<Key, Entry> now = entries();
        now.keySet().removeIf(k -> k.scope().startsWith(ALERT_SCOPE_PREFIX));
        Instant at = clock.instant();
        for (Map.Entry<Key, String> d : due.entrySet()) {
            Entry e = now.get(d.getKey());
            if (e == null) {
                update("INSERT INTO node_quarantine (node_id, scope, reason, since) VALUES (?,?,?,?)", d.getKey().nodeId(), d.getKey().scope(),
                        truncate(d.getValue()), Timestamp.from(at));
                audit.append(AuditAction.NODE_QUARANTINED, d.getKey().nodeId() + " quarantined from " + d.getKey().scopeName() + ": " + d.getValue());
                listeners.forEach(l -> l.changed(d.getKey(), true, d.getValue()));
            } else if (!e.reason().equals(truncate(d.getValue()))) {
                // still below, with another index: the reason shown to researchers follows
                update("UPDATE node_quarantine SET reason = ? WHERE node_id = ? AND scope = ?", truncate(d.getValue()), e.nodeId(), e.scope());
            }
        }
        for (Map.Entry<Key, Entry> e : now.entrySet()) {
            if (!due.containsKey(e.getKey())) {
                update("DELETE FROM node_quarantine WHERE node_id = ? AND scope = ?", e.getKey().nodeId(), e.getKey().scope());
                String why = "its security index recovered (quarantined since " + e.getValue().since() + ": " + e.getValue().reason() + ")";
                audit.append(AuditAction.NODE_RELEASED, e.getKey().nodeId() + " released from " + e.getKey().scopeName() + ": " + why);
                listeners.forEach(l -> l.changed(e.getKey(), false, why));
            }
        }
    }

    /**
     * Quarantines a node from everything until the operator releases it (an alert's response): audited, told to the
     * listeners.
     */
    public synchronized void hold(String nodeId, String scope, String reason) {
        Key k = new Key(nodeId, scope);
        if (entries().containsKey(k)) {
            return;
        }
        update("INSERT INTO node_quarantine (node_id, scope, reason, since) VALUES (?,?,?,?)", nodeId, scope, truncate(reason), Timestamp.from(clock.instant()));
        audit.append(AuditAction.NODE_QUARANTINED, nodeId + " quarantined from the federation until the operator releases it: " + reason);
        listeners.forEach(l -> l.changed(k, true, reason));
    }

    /**
     * The operator releases a node from the quarantines alerts put it in (index quarantines follow the index).
     *
     * @return how many were lifted
     */
    public synchronized int releaseHolds(String nodeId, String by) {
        int n = 0;
        for (Entry e : entries().values()) {
            if (e.nodeId().equals(nodeId) && e.scope().startsWith(ALERT_SCOPE_PREFIX)) {
                update("DELETE FROM node_quarantine WHERE node_id = ? AND scope = ?", nodeId, e.scope());
                String why = "released by " + by + " (held since " + e.since() + ": " + e.reason() + ")";
                audit.append(AuditAction.NODE_RELEASED, nodeId + " released: " + why);
                listeners.forEach(l -> l.changed(new Key(nodeId, e.scope()), false, why));
                n++;
            }
        }
        return n;
    }

    /** Why the node may not take part in the study (a federation-wide or the study's quarantine), or empty. */
    public Optional<String> refusal(String nodeId, String studyId) {
        Map<Key, Entry> all = entries();
        Entry f = all.get(new Key(nodeId, QuarantinePolicy.FEDERATION));
        if (f != null) {
            return Optional.of("quarantined: " + f.reason());
        }
        for (Entry e : all.values()) {
            if (e.nodeId().equals(nodeId) && e.scope().startsWith(ALERT_SCOPE_PREFIX)) {
                return Optional.of("quarantined: " + e.reason());
            }
        }
        Entry s = studyId == null ? null : all.get(new Key(nodeId, studyId));
        return s == null ? Optional.empty() : Optional.of("quarantined from study " + studyId + ": " + s.reason());
    }

    /** The quarantines of one node. */
    public List<Entry> of(String nodeId) {
        return list().stream().filter(e -> e.nodeId().equals(nodeId)).toList();
    }

    public List<Entry> list() {
        return new ArrayList<>(entries().values());
    }

    private Map<Key, Entry> entries() {
        Map<Key, Entry> out = new TreeMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT node_id, scope, reason, since FROM node_quarantine");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Entry e = new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant());
                out.put(new Key(e.nodeId(), e.scope()), e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (quarantine): " + e.getMessage(), e);
        }
        return out;
    }

    private void update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (quarantine): " + e.getMessage(), e);
        }
    }

    private static String truncate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
