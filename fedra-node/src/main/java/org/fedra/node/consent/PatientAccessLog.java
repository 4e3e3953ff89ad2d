package org.fedra.node.consent;

import org.fedra.node.fhir.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which task read which patient's data: one row per task and patient, written when the consent-filtered view
 * hands that patient's records to the task. Patients see it through the patient-rights service.
 */
public final class PatientAccessLog {
    private final DataSource dataSource;
    private final Clock clock;

    public PatientAccessLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records that the task read these patients (idempotent per task and patient). */
    public void record(TaskContext task, Collection<String> patientIds) {
        if (patientIds.isEmpty()) return;
        Timestamp now = Timestamp.from(clock.instant());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM patient_access_log WHERE patient_id = ? AND task_id = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO patient_access_log (patient_id, task_id, study_id, purpose,"
                         + " organisation, accessed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (String p : patientIds) {
                    exists.setString(1, p);
                    exists.setString(2, task.taskId());
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) continue;
                    }
                    insert.setString(1, p);
                    insert.setString(2, task.taskId());
                    insert.setString(3, task.studyId());
                    insert.setString(4, task.purpose().toString());
                    insert.setString(5, task.organisation());
                    insert.setTimestamp(6, now);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("recording access of task " + task.taskId() + " failed", e);
        }
    }

    /** Every task that read this patient's data, oldest first. */
    public List<AccessLogEntry> entriesFor(String patientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT patient_id, task_id, study_id, purpose, organisation, accessed_at"
                     + " FROM patient_access_log WHERE patient_id = ? ORDER BY accessed_at, task_id")) {
            s.setString(1, patientId);
            List<AccessLogEntry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccessLogEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading the access log failed", e);
        }
    }

    /**
     * Removes a patient's entries inside the caller's transaction (erasure) and returns the distinct studies
     * that read the patient's data, sorted.
     */
    public List<String> forget(Connection c, String patientId) throws SQLException {
        List<String> studies = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT study_id FROM patient_access_log WHERE patient_id = ? ORDER BY study_id")) {
            s.setString(1, patientId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) studies.add(rs.getString(1));
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM patient_access_log WHERE patient_id = ?")) {
            s.setString(1, patientId);
            s.executeUpdate();
        }
        return studies;
    }
}
