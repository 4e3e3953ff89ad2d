package org.fedra.node.consent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;

/**
 * The steward's search of the patient access log (which task of which study read which patient's data, and when): by
 * patient, by study, by time window, any of them combined; newest first, at most {@code limit} rows.
 */
public final class AccessLogSearch {
    /**
     * What to look for; a null field does not filter.
     *
     * @param patientId pseudonymous id of the patient (the steward names a hospital identifier; the node maps it)
     * @param from      inclusive
     * @param until     exclusive
     */
    public record Query(String patientId, String studyId, Instant from, Instant until) {}

    private final DataSource dataSource;

    public AccessLogSearch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<AccessLogEntry> find(Query q, int limit) {
        StringBuilder sql = new StringBuilder("SELECT patient_id, task_id, study_id, purpose, organisation, accessed_at FROM patient_access_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.patientId() != null) {
            sql.append(" AND patient_id = ?");
            args.add(q.patientId());
        }
        if (q.studyId() != null) {
            sql.append(" AND study_id = ?");
            args.add(q.studyId());
        }
        if (q.from() != null) {
            sql.append(" AND accessed_at >= ?");
            args.add(Timestamp.from(q.from()));
        }
        if (q.until() != null) {
            sql.append(" AND accessed_at < ?");
            args.add(Timestamp.from(q.until()));
        }
        sql.append(" ORDER BY accessed_at DESC, task_id, patient_id");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
            s.setMaxRows(limit);
            List<AccessLogEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccessLogEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("searching the access log failed", e);
        }
    }
}
