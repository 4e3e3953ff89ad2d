package org.fedra.node.consent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The steward's search of the patient access log (which task of which study read which patient's data, and when): by
 * patient, by study, by time window, any of them combined; newest first, at most {@code limit} rows. It reads both
 * forms the log is kept in: the per-patient rows written before the log went to one row per task, and the per-task
 * rows whose patients are a compressed set (see {@link PatientAccessLog}).
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

    private static final Comparator<AccessLogEntry> NEWEST_FIRST = Comparator.comparing(AccessLogEntry::accessedAt).reversed()
            .thenComparing(AccessLogEntry::taskId).thenComparing(AccessLogEntry::patientId);

    private final DataSource dataSource;

    public AccessLogSearch(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<AccessLogEntry> find(Query q, int limit) {
        try (Connection c = dataSource.getConnection()) {
            List<AccessLogEntry> out = new ArrayList<>(perPatientRows(c, q, limit));
            out.addAll(perTaskRows(c, q, limit));
            out.sort(NEWEST_FIRST);
            return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
        } catch (SQLException e) {
            throw new DataAccessException("searching the access log failed", e);
        }
    }

    private static List<AccessLogEntry> perPatientRows(Connection c, Query q, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT patient_id, task_id, study_id, purpose, organisation, accessed_at FROM patient_access_log WHERE 1 = 1");
        if (q.patientId() != null) {
            sql.append(" AND patient_id = ?");
            args.add(q.patientId());
        }
        filters(q, sql, args);
        sql.append(" ORDER BY accessed_at DESC, task_id, patient_id");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
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
        }
    }

    /** Tasks newest first; each task's set gives its patients (one of them, when the query names a patient). */
    private static List<AccessLogEntry> perTaskRows(Connection c, Query q, int limit) throws SQLException {
        Integer number = null;
        if (q.patientId() != null) {
            number = PatientAccessLog.storedNumber(c, q.patientId());
            if (number == null) return List.of(); // no task has read this patient since the log went per task
        }
        Map<Integer, String> pseudonyms = number == null ? pseudonyms(c) : Map.of();
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT task_id, study_id, purpose, organisation, accessed_at, patients FROM task_access WHERE 1 = 1");
        filters(q, sql, args);
        sql.append(" ORDER BY accessed_at DESC, task_id");
        List<AccessLogEntry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) s.setObject(i + 1, args.get(i));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    RoaringBitmap patients = PatientAccessLog.bitmap(rs.getBytes(6));
                    Instant at = rs.getTimestamp(5).toInstant();
                    if (number != null) {
                        if (patients.contains(number)) {
                            out.add(new AccessLogEntry(q.patientId(), rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), at));
                        }
                        continue;
                    }
                    List<String> ids = new ArrayList<>();
                    for (IntIterator it = patients.getIntIterator(); it.hasNext(); ) {
                        String id = pseudonyms.get(it.next());
                        if (id != null) ids.add(id); // an erased patient's number has no pseudonym any more
                    }
                    ids.sort(null);
                    for (String id : ids) {
                        if (out.size() >= limit) break;
                        out.add(new AccessLogEntry(id, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), at));
                    }
                }
            }
        }
        return out;
    }

    private static void filters(Query q, StringBuilder sql, List<Object> args) {
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
    }

    private static Map<Integer, String> pseudonyms(Connection c) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT patient_id, number FROM patient_number"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) out.put(rs.getInt(2), rs.getString(1));
        }
        return out;
    }
}
