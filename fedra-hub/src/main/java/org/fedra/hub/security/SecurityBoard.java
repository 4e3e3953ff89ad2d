package org.fedra.hub.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.fedra.hub.vulnerability.OsvFeedReader;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.IndexChange;
import org.fedra.privacy.securityindex.NetworkFindings;
import org.fedra.privacy.securityindex.Remediation;
import org.fedra.privacy.securityindex.RemediationKind;
import org.fedra.privacy.securityindex.SecurityAssessment;
import org.fedra.privacy.vulnerability.InstalledPackage;
import org.fedra.privacy.vulnerability.VulnerabilityFeed;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.v1.DeclaredRemediation;
import org.fedra.protocol.v1.OsPackage;
import org.fedra.protocol.v1.Posture;

/**
 * The security index on live data: the operator's vulnerability feed matched against each node's reported packages
 * (Debian version ordering, by binary and by source package), with the remediations its steward declared, plus the
 * findings the operator declared for the other network nodes (routers, from the topology); the index of every node
 * by {@link org.fedra.privacy.securityindex.SecurityIndex} (DESIGN section 6). Recomputed whenever a posture, the
 * feed or the declared findings change; each node's index is recorded in its history whenever it changes.
 */
public final class SecurityBoard {
    /** A node's index at one time. */
    public record HistoryEntry(Instant at, double index, int findings, String reason) {
    }

    /** What the operator sees for one network node. */
    public record NodeView(String nodeId, double index, List<Finding> findings, List<HistoryEntry> trend) {
    }

    /** What a feed import did. */
    public record FeedImport(String source, int advisories, int withdrawn, Set<String> unsupportedEcosystems) {
    }

    private final DataSource db;
    private final PostureBook postures;
    private final AuditLog audit;
    private final Clock clock;
    private VulnerabilityFeed feed = VulnerabilityFeed.empty();
    private NetworkFindings declared = NetworkFindings.empty();
    private SecurityAssessment current;
    private final java.util.List<java.util.function.Consumer<SecurityAssessment>> assessmentListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SecurityBoard(DataSource db, PostureBook postures, AuditLog audit, Clock clock) {
        this.db = db;
        this.postures = postures;
        this.audit = audit;
        this.clock = clock;
        loadFeed();
        this.current = SecurityAssessment.of(NetworkFindings.empty(), clock.instant());
        postures.onChange(node -> recompute("posture of " + node));
        recompute("hub started");
    }

    private void loadFeed() {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT source, content FROM security_feed ORDER BY id DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                feed = OsvFeedReader.read(rs.getString(1), rs.getBytes(2)).feed();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the vulnerability feed: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the feed in force with an OSV document. A document that does not read changes nothing.
     *
     * @throws Failure BAD_INPUT naming the place in the document
     */
    public FeedImport importFeed(String source, byte[] content) {
        OsvFeedReader.Result r = OsvFeedReader.read(source, content);
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO security_feed (source, imported_at, advisories, content) VALUES (?,?,?,?)")) {
            s.setString(1, source);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.setInt(3, r.feed().advisories().size());
            s.setBytes(4, content);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the vulnerability feed: " + e.getMessage(), e);
        }
        synchronized (this) {
            feed = r.feed();
        }
        audit.append(AuditAction.SECURITY_FEED_IMPORTED, source + ": " + r.feed().advisories().size() + " advisories (" + r.withdrawn() + " withdrawn)"
                + (r.unsupportedEcosystems().isEmpty() ? "" : ", ecosystems not evaluated: " + String.join(", ", r.unsupportedEcosystems())));
        recompute("feed " + source);
        return new FeedImport(source, r.feed().advisories().size(), r.withdrawn(), r.unsupportedEcosystems());
    }

    /** Replaces the findings declared for network nodes that send no posture (routers, from the topology). */
    public void declare(NetworkFindings findings, String reason) {
        synchronized (this) {
            declared = findings;
        }
        recompute(reason);
    }

    /** The assessment in force. */
    public synchronized SecurityAssessment current() {
        return current;
    }

    /** The feed in force. */
    public synchronized VulnerabilityFeed feed() {
        return feed;
    }

    /** The findings of one node from its posture and the feed in force (empty without a posture). */
    public synchronized List<Finding> findings(Posture p) {
        return feed.findings(installed(p), remediations(p));
    }

    /** Calls {@code l} with every new assessment (policies re-evaluated at once: quarantine). */
    public void onAssessment(java.util.function.Consumer<SecurityAssessment> l) {
        assessmentListeners.add(l);
    }

    /** Recomputes every index; records the ones that changed. */
    public synchronized SecurityAssessment recompute(String reason) {
        Map<String, List<Finding>> byNode = new TreeMap<>();
        for (String n : declared.nodeIds()) {
            byNode.put(n, declared.findings(n));
        }
        postures.all().forEach((node, p) -> byNode.put(node, findings(p.posture())));
        SecurityAssessment next = SecurityAssessment.of(NetworkFindings.of(byNode), clock.instant());
        List<IndexChange> changes = next.changesSince(current);
        current = next;
        record(next, changes, reason);
        assessmentListeners.forEach(l -> l.accept(next));
        return next;
    }

    private void record(SecurityAssessment a, List<IndexChange> changes, String reason) {
        Set<String> changed = new LinkedHashSet<>();
        changes.stream().filter(c -> !Double.isNaN(c.after())).forEach(c -> changed.add(c.nodeId()));
        for (String n : a.indices().keySet()) {
            if (!changed.contains(n) && lastIndex(n) == null) {
                changed.add(n);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO security_index_history (node_id, computed_at, security_index, findings, reason)"
                     + " VALUES (?,?,?,?,?)")) {
            for (String n : changed) {
                s.setString(1, n);
                s.setTimestamp(2, Timestamp.from(a.at()));
                s.setDouble(3, a.index(n));
                s.setInt(4, a.findings(n).size());
                s.setString(5, reason.length() > 500 ? reason.substring(0, 500) : reason);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the security index: " + e.getMessage(), e);
        }
        StringBuilder what = new StringBuilder(reason).append(":");
        for (String n : changed) {
            what.append(' ').append(n).append('=').append(String.format(Locale.ROOT, "%.2f", a.index(n)));
        }
        audit.append(AuditAction.SECURITY_INDEX_COMPUTED, what.toString());
    }

    private Double lastIndex(String node) {
        List<HistoryEntry> h = history(node);
        return h.isEmpty() ? null : h.get(h.size() - 1).index();
    }

    /** A node's recorded indices, oldest first. */
    public List<HistoryEntry> history(String node) {
        List<HistoryEntry> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT computed_at, security_index, findings, reason FROM security_index_history"
                     + " WHERE node_id = ? ORDER BY id")) {
            s.setString(1, node);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getInt(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the security index history: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every network node's index, findings and trend. */
    public synchronized List<NodeView> view() {
        List<NodeView> out = new ArrayList<>();
        for (var e : new TreeMap<>(current.indices()).entrySet()) {
            out.add(new NodeView(e.getKey(), e.getValue(), current.findings(e.getKey()), history(e.getKey())));
        }
        return out;
    }

    /**
     * The packages of a posture as the feed matches them: each binary package and, where it differs, its source
     * package (Debian advisories name source packages), in the ecosystem {@code Debian:<release>} of the host.
     */
    static List<InstalledPackage> installed(Posture p) {
        String release = p.getOsRelease();
        String ecosystem = release.startsWith("debian:") ? "Debian:" + release.substring("debian:".length()) : "Debian";
        List<InstalledPackage> out = new ArrayList<>();
        for (OsPackage o : p.getPackagesList()) {
            try {
                out.add(new InstalledPackage(ecosystem, o.getName(), o.getVersion()));
                String sourceName = o.getSourceName().isEmpty() ? o.getName() : o.getSourceName();
                String sourceVersion = o.getSourceVersion().isEmpty() ? o.getVersion() : o.getSourceVersion();
                if (!sourceName.equals(o.getName()) || !sourceVersion.equals(o.getVersion())) {
                    out.add(new InstalledPackage(ecosystem, sourceName, sourceVersion));
                }
            } catch (IllegalArgumentException e) {
                // a version Debian's ordering cannot read matches nothing (reported packages are data, not trusted)
            }
        }
        return out;
    }

    static Map<String, Remediation> remediations(Posture p) {
        Map<String, Remediation> out = new HashMap<>();
        for (DeclaredRemediation r : p.getRemediationsList()) {
            // PostureBook accepted only known kinds
            out.put(r.getVulnerabilityId(), new Remediation(RemediationKind.valueOf(r.getKind()), r.getLevel(), r.getNote()));
        }
        return out;
    }
}
