package org.fedra.node.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;
import org.fedra.privacy.disclosure.DisclosureRefusedException;
import org.fedra.privacy.disclosure.QueryAuditor;

/**
 * The node's per-study query audit: every count a study released from this node is kept with the set of patients it
 * was over (in the node database; these sets never leave the node), and a new count is let out only when the
 * toolkit's {@link QueryAuditor} finds that, together with the study's earlier releases, it isolates no group smaller
 * than the minimum (no differencing). Survives restarts: a study's auditor is rebuilt from its stored releases.
 */
public final class StudyReleaseAudit {
    private final DataSource dataSource;
    private final long minimum;
    private final Clock clock;
    private final Map<String, Object> locks = new HashMap<>();

    /**
     * @param minimum the smallest group a release, or a difference of releases, may isolate (the node's minimum cell size)
     */
    public StudyReleaseAudit(DataSource dataSource, long minimum, Clock clock) {
        this.dataSource = dataSource;
        this.minimum = minimum;
        this.clock = clock;
    }

    /**
     * Checks each cohort in order against the study's earlier releases and those of this call accepted before it;
     * records and returns the ones that may be released. A refused cohort is not recorded.
     *
     * @param cohorts label (unique within the study, e.g. task id and category) to the patients counted
     * @return per label: null when released, otherwise the toolkit's reason (node-internal: it can name small
     *         differences, so it is not sent to the hub)
     */
    public Map<String, String> release(String studyId, Map<String, ? extends Collection<String>> cohorts) {
        synchronized (lock(studyId)) {
            QueryAuditor auditor = rebuild(studyId);
            Map<String, String> out = new LinkedHashMap<>();
            List<Map.Entry<String, Set<String>>> accepted = new ArrayList<>();
            for (Map.Entry<String, ? extends Collection<String>> e : cohorts.entrySet()) {
                try {
                    auditor.release(e.getKey(), e.getValue());
                    accepted.add(Map.entry(e.getKey(), new TreeSet<>(e.getValue())));
                    out.put(e.getKey(), null);
                } catch (DisclosureRefusedException refused) {
                    out.put(e.getKey(), refused.getMessage());
                }
            }
            store(studyId, accepted);
            return out;
        }
    }

    /** How many counts the study released from this node so far. */
    public int releases(String studyId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM study_release WHERE study_id = ?")) {
            s.setString(1, studyId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the study release audit failed", e);
        }
    }

    private synchronized Object lock(String studyId) {
        return locks.computeIfAbsent(studyId, k -> new Object());
    }

    private QueryAuditor rebuild(String studyId) {
        QueryAuditor auditor = new QueryAuditor(minimum);
        Map<String, List<String>> members = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT r.release_id, r.label, m.patient_id FROM study_release r"
                     + " LEFT JOIN study_release_member m ON m.release_id = r.release_id WHERE r.study_id = ? ORDER BY r.seq, m.patient_id")) {
            s.setString(1, studyId);
            try (ResultSet rs = s.executeQuery()) {
                Map<String, String> labels = new HashMap<>();
                while (rs.next()) {
                    labels.put(rs.getString(1), rs.getString(2));
                    List<String> m = members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (rs.getString(3) != null) m.add(rs.getString(3));
                }
                for (Map.Entry<String, List<String>> e : members.entrySet()) {
                    try {
                        auditor.release(labels.get(e.getKey()), e.getValue());
                    } catch (DisclosureRefusedException afterErasure) {
                        // only possible once an erased patient left a stored set; that patient can no longer be isolated
                    }
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading the study release audit failed", e);
        }
        return auditor;
    }

    private void store(String studyId, List<Map.Entry<String, Set<String>>> accepted) {
        if (accepted.isEmpty()) return;
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement maxSeq = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM study_release WHERE study_id = ?");
                 PreparedStatement release = c.prepareStatement("INSERT INTO study_release (release_id, study_id, seq, label, released_at) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement member = c.prepareStatement("INSERT INTO study_release_member (release_id, patient_id) VALUES (?, ?)")) {
                maxSeq.setString(1, studyId);
                long seq;
                try (ResultSet rs = maxSeq.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
                for (Map.Entry<String, Set<String>> e : accepted) {
                    String id = UUID.randomUUID().toString();
                    release.setString(1, id);
                    release.setString(2, studyId);
                    release.setLong(3, ++seq);
                    release.setString(4, e.getKey());
                    release.setTimestamp(5, now);
                    release.executeUpdate();
                    for (String p : e.getValue()) {
                        member.setString(1, id);
                        member.setString(2, p);
                        member.addBatch();
                    }
                    member.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("recording released counts of study " + studyId + " failed", e);
        }
    }
}
