package org.fedra.hub.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.AuditText;

/**
 * The alerts the hub's threat detections raised (issue 15, point 6), kept in the hub database. Raising one audits it
 * first, then takes the response its kind's policy names: the node is quarantined (held until the operator releases
 * it) or the study suspended (until the operator resumes it).
 */
public final class Alerts {
    /** One alert. */
    public record Alert(long id, Instant raisedAt, AlertKind kind, String nodeId, String studyId, String detail, String response) {
    }

    private final DataSource db;
    private final AuditLog audit;
    private final Clock clock;
    private final Quarantine quarantine;
    private final List<Runnable> suspended = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Alerts(DataSource db, AuditLog audit, Clock clock, Quarantine quarantine) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.quarantine = quarantine;
    }

    /**
     * Raises an alert and takes its response.
     *
     * @param nodeId  the node it is about, or null
     * @param studyId the study it is about, or null
     */
    public Alert raise(AlertKind kind, String nodeId, String studyId, String detail) {
        String clean = AuditText.clean(detail, 900);
        Instant now = clock.instant();
        String response = switch (kind.response()) {
            case QUARANTINE_NODE -> nodeId == null ? "none (no node named)" : "node " + nodeId + " quarantined until the operator releases it";
            case SUSPEND_STUDY -> studyId == null ? "none (no study named)" : "study " + studyId + " suspended until the operator resumes it";
            case NONE -> "none: the attempt was refused";
        };
        long id;
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO security_alerts (raised_at, kind, node_id, study_id, detail, response) VALUES (?,?,?,?,?,?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, kind.name());
            s.setString(3, nodeId);
            s.setString(4, studyId);
            s.setString(5, clean);
            s.setString(6, response);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                id = k.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (alerts): " + e.getMessage(), e);
        }
        audit.append(AuditAction.SECURITY_ALERT, "alert " + id + " " + kind + (nodeId == null ? "" : " node " + nodeId)
                + (studyId == null ? "" : " study " + studyId) + ": " + clean + "; response: " + response);
        if (kind.response() == AlertResponse.QUARANTINE_NODE && nodeId != null) {
            quarantine.hold(nodeId, Quarantine.ALERT_SCOPE_PREFIX + id, "alert " + id + " (" + kind + "): " + clean);
        } else if (kind.response() == AlertResponse.SUSPEND_STUDY && studyId != null) {
            suspend(studyId, "alert " + id + " (" + kind + "): " + clean, now);
        }
        return new Alert(id, now, kind, nodeId, studyId, clean, response);
    }

    /** Calls {@code l} after a study was suspended (the dispatcher finishes its tasks in flight). */
    public void onSuspended(Runnable l) {
        suspended.add(l);
    }

    private void suspend(String studyId, String reason, Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("MERGE INTO study_suspensions (study_id, reason, since) KEY (study_id) VALUES (?,?,?)")) {
            s.setString(1, studyId);
            s.setString(2, reason);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (study suspensions): " + e.getMessage(), e);
        }
        audit.append(AuditAction.STUDY_SUSPENDED, studyId + ": " + reason);
        suspended.forEach(Runnable::run);
    }

    /** Why the study is suspended, or empty. */
    public Optional<String> suspension(String studyId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT reason, since FROM study_suspensions WHERE study_id = ?")) {
            s.setString(1, studyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1) + " (since " + rs.getTimestamp(2).toInstant() + ")") : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (study suspensions): " + e.getMessage(), e);
        }
    }

    /**
     * The operator resumes a suspended study.
     *
     * @return false when it was not suspended
     */
    public boolean resume(String studyId, String by) {
        int n;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM study_suspensions WHERE study_id = ?")) {
            s.setString(1, studyId);
            n = s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (study suspensions): " + e.getMessage(), e);
        }
        if (n > 0) {
            audit.append(AuditAction.STUDY_RESUMED, studyId + " resumed by " + by);
        }
        return n > 0;
    }

    /** Every alert, the newest first (at most {@code limit}). */
    public List<Alert> list(int limit) {
        List<Alert> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM security_alerts ORDER BY id DESC FETCH FIRST " + Math.max(1, Math.min(limit, 10_000))
                     + " ROWS ONLY");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Alert(rs.getLong("id"), rs.getTimestamp("raised_at").toInstant(), AlertKind.valueOf(rs.getString("kind")), rs.getString("node_id"),
                        rs.getString("study_id"), rs.getString("detail"), rs.getString("response")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database (alerts): " + e.getMessage(), e);
        }
        return out;
    }
}
