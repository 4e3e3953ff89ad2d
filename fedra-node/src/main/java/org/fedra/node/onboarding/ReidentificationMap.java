package org.fedra.node.onboarding;

import org.fedra.node.fhir.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pseudonym to source identifiers ({@code Patient/<source id>} and {@code identifier:<system>|<value>}).
 * Written at import; read only by the patient-rights functions, to find a patient who asks about their data.
 */
public final class ReidentificationMap {
    private final DataSource dataSource;

    public ReidentificationMap(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the source references of each patient (idempotent). */
    public void record(Map<String, ? extends Collection<String>> sourcesByPatient) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM patient_reidentification WHERE patient_id = ? AND source_reference = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO patient_reidentification (patient_id, source_reference) VALUES (?, ?)")) {
                for (var e : sourcesByPatient.entrySet()) {
                    for (String src : e.getValue()) {
                        exists.setString(1, e.getKey());
                        exists.setString(2, src);
                        try (ResultSet rs = exists.executeQuery()) {
                            if (rs.next()) continue;
                        }
                        insert.setString(1, e.getKey());
                        insert.setString(2, src);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("recording re-identification entries failed", e);
        }
    }

    /** The pseudonymous patient id for a source reference, e.g. {@code identifier:http://hospital/mrn|123}. */
    public Optional<String> patientFor(String sourceReference) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT patient_id FROM patient_reidentification WHERE source_reference = ?")) {
            s.setString(1, sourceReference);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DataAccessException("re-identification lookup failed", e);
        }
    }

    /** The source references of a patient. */
    public List<String> sourcesOf(String patientId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT source_reference FROM patient_reidentification WHERE patient_id = ? ORDER BY source_reference")) {
            s.setString(1, patientId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("re-identification lookup failed", e);
        }
    }

    /**
     * Every patient's identifier values in {@code system}, by pseudonymous patient id (values in order). For record
     * linkage, which blinds them on the node; they never leave it in clear.
     */
    public Map<String, List<String>> identifiersIn(String system) {
        String prefix = "identifier:" + system + "|";
        Map<String, List<String>> out = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT patient_id, source_reference FROM patient_reidentification "
                     + "WHERE source_reference LIKE 'identifier:%' ORDER BY patient_id, source_reference")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String src = rs.getString(2);
                    if (src.startsWith(prefix)) {
                        out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(src.substring(prefix.length()));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("re-identification lookup failed", e);
        }
    }

    /** The database the map lives in (the erasure suppression list lives beside it). */
    DataSource dataSource() {
        return dataSource;
    }

    /** The source references of a patient, read inside the caller's transaction (erasure). */
    public List<String> sourcesOf(Connection c, String patientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT source_reference FROM patient_reidentification WHERE patient_id = ? ORDER BY source_reference")) {
            s.setString(1, patientId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** Removes a patient's entries inside the caller's transaction (erasure). */
    public void forget(Connection c, String patientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM patient_reidentification WHERE patient_id = ?")) {
            s.setString(1, patientId);
            s.executeUpdate();
        }
    }
}
