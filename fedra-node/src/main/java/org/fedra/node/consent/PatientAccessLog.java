package org.fedra.node.consent;

import org.fedra.node.fhir.DataAccessException;
import org.roaringbitmap.RoaringBitmap;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which task read which patient's data, written when the consent-filtered view hands that patient's records to the
 * task. A task that reads a million patients writes one row: each patient has an access number
 * ({@code patient_number}, given at their first access) and the task's row holds the numbers as a compressed bitmap
 * ({@code task_access}). The log stays exact per patient: {@link #entriesFor} lists every task whose bitmap holds the
 * patient's number (and the per-patient rows of {@code patient_access_log} from before). Patients see it through the
 * patient-rights service.
 */
public final class PatientAccessLog {
    private final DataSource dataSource;
    private final Clock clock;
    /** Access numbers by pseudonym, as far as this process has seen them (numbers are never reused). */
    private final Map<String, Integer> numbers = new HashMap<>();
    private boolean numbersLoaded;

    public PatientAccessLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Records that the task read these patients (idempotent per task and patient; calls of one task accumulate). */
    public synchronized void record(TaskContext task, Collection<String> patientIds) {
        if (patientIds.isEmpty()) return;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RoaringBitmap read = new RoaringBitmap();
                for (int n : numbersOf(c, patientIds)) read.add(n);
                RoaringBitmap earlier = null;
                try (PreparedStatement s = c.prepareStatement("SELECT patients FROM task_access WHERE task_id = ?")) {
                    s.setString(1, task.taskId());
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next()) earlier = bitmap(rs.getBytes(1));
                    }
                }
                if (earlier == null) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO task_access (task_id, study_id, purpose, organisation,"
                            + " accessed_at, patients) VALUES (?, ?, ?, ?, ?, ?)")) {
                        s.setString(1, task.taskId());
                        s.setString(2, task.studyId());
                        s.setString(3, task.purpose().toString());
                        s.setString(4, task.organisation());
                        s.setTimestamp(5, Timestamp.from(clock.instant()));
                        s.setBytes(6, bytes(read));
                        s.executeUpdate();
                    }
                } else if (!earlier.contains(read)) {
                    earlier.or(read);
                    try (PreparedStatement s = c.prepareStatement("UPDATE task_access SET patients = ? WHERE task_id = ?")) {
                        s.setBytes(1, bytes(earlier));
                        s.setString(2, task.taskId());
                        s.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                numbersLoaded = false; // numbers given in the rolled-back transaction are not in the database
                numbers.clear();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("recording access of task " + task.taskId() + " failed", e);
        }
    }

    /** Every task that read this patient's data, oldest first. */
    public List<AccessLogEntry> entriesFor(String patientId) {
        try (Connection c = dataSource.getConnection()) {
            List<AccessLogEntry> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT patient_id, task_id, study_id, purpose, organisation, accessed_at"
                    + " FROM patient_access_log WHERE patient_id = ?")) {
                s.setString(1, patientId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AccessLogEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getTimestamp(6).toInstant()));
                    }
                }
            }
            Integer number = storedNumber(c, patientId);
            if (number != null) {
                try (PreparedStatement s = c.prepareStatement("SELECT task_id, study_id, purpose, organisation, accessed_at, patients"
                        + " FROM task_access")) {
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            if (bitmap(rs.getBytes(6)).contains(number)) {
                                out.add(new AccessLogEntry(patientId, rs.getString(1), rs.getString(2), rs.getString(3),
                                        rs.getString(4), rs.getTimestamp(5).toInstant()));
                            }
                        }
                    }
                }
            }
            out.sort(Comparator.comparing(AccessLogEntry::accessedAt).thenComparing(AccessLogEntry::taskId));
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading the access log failed", e);
        }
    }

    /**
     * Removes a patient's entries inside the caller's transaction (erasure): their number leaves every task's bitmap
     * and their pseudonym the numbering. Returns the distinct studies that read the patient's data, sorted.
     */
    public List<String> forget(Connection c, String patientId) throws SQLException {
        TreeSet<String> studies = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT study_id FROM patient_access_log WHERE patient_id = ?")) {
            s.setString(1, patientId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) studies.add(rs.getString(1));
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM patient_access_log WHERE patient_id = ?")) {
            s.setString(1, patientId);
            s.executeUpdate();
        }
        Integer number = storedNumber(c, patientId);
        if (number != null) {
            Map<String, byte[]> rewritten = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT task_id, study_id, patients FROM task_access");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    RoaringBitmap b = bitmap(rs.getBytes(3));
                    if (b.contains(number)) {
                        studies.add(rs.getString(2));
                        b.remove(number);
                        rewritten.put(rs.getString(1), bytes(b));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE task_access SET patients = ? WHERE task_id = ?")) {
                for (Map.Entry<String, byte[]> e : rewritten.entrySet()) {
                    s.setBytes(1, e.getValue());
                    s.setString(2, e.getKey());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM patient_number WHERE patient_id = ?")) {
                s.setString(1, patientId);
                s.executeUpdate();
            }
            synchronized (this) {
                numbers.remove(patientId);
            }
        }
        return new ArrayList<>(studies);
    }

    /** The access numbers of these patients, giving new ones (in the caller's transaction) to those without. */
    private List<Integer> numbersOf(Connection c, Collection<String> patientIds) throws SQLException {
        if (!numbersLoaded) {
            numbers.clear();
            try (PreparedStatement s = c.prepareStatement("SELECT patient_id, number FROM patient_number"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) numbers.put(rs.getString(1), rs.getInt(2));
            }
            numbersLoaded = true;
        }
        List<Integer> out = new ArrayList<>(patientIds.size());
        List<String> fresh = new ArrayList<>();
        for (String p : new java.util.LinkedHashSet<>(patientIds)) {
            // only the node process writes this log (under this lock), so the table read once is the truth
            Integer n = numbers.get(p);
            if (n == null) fresh.add(p); else out.add(n);
        }
        if (!fresh.isEmpty()) {
            int next;
            try (PreparedStatement s = c.prepareStatement("UPDATE patient_number_next SET next_number = next_number + ? WHERE id = 1")) {
                s.setInt(1, fresh.size());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT next_number FROM patient_number_next WHERE id = 1"); ResultSet rs = s.executeQuery()) {
                rs.next();
                next = rs.getInt(1) - fresh.size();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO patient_number (patient_id, number) VALUES (?, ?)")) {
                for (String p : new TreeSet<>(fresh)) {
                    s.setString(1, p);
                    s.setInt(2, next);
                    s.addBatch();
                    numbers.put(p, next);
                    out.add(next++);
                }
                s.executeBatch();
            }
        }
        return out;
    }

    static Integer storedNumber(Connection c, String patientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT number FROM patient_number WHERE patient_id = ?")) {
            s.setString(1, patientId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private static byte[] bytes(RoaringBitmap b) {
        b.runOptimize();
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.serializedSizeInBytes());
        try (DataOutputStream d = new DataOutputStream(out)) {
            b.serialize(d);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return out.toByteArray();
    }

    static RoaringBitmap bitmap(byte[] bytes) {
        RoaringBitmap b = new RoaringBitmap();
        try {
            b.deserialize(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new DataAccessException("a task's access bitmap is damaged: " + e.getMessage(), e);
        }
        return b;
    }
}
