package org.fedra.node.fhir;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Which stored objects belong to which patient, so that erasure can find them. */
public final class PatientObjects {
    private final DataSource dataSource;

    public PatientObjects(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Links an object to a patient (idempotent). */
    public void link(String patientId, String address) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM patient_object WHERE patient_id = ? AND address = ?")) {
                s.setString(1, patientId);
                s.setString(2, address);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) return;
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO patient_object (patient_id, address) VALUES (?, ?)")) {
                s.setString(1, patientId);
                s.setString(2, address);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DataAccessException("linking object " + address + " failed", e);
        }
    }

    public List<String> addressesOf(String patientId) {
        try (Connection c = dataSource.getConnection()) {
            return addressesOf(c, patientId);
        } catch (SQLException e) {
            throw new DataAccessException("reading objects of a patient failed", e);
        }
    }

    /** The patient's object addresses, read inside the caller's transaction. */
    public static List<String> addressesOf(Connection c, String patientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT address FROM patient_object WHERE patient_id = ? ORDER BY address")) {
            s.setString(1, patientId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    /**
     * Unlinks a patient's objects inside the caller's transaction and returns the addresses no other patient
     * still uses (those may be deleted from the object store once the transaction commits).
     */
    public List<String> unlink(Connection c, String patientId) throws SQLException {
        List<String> mine = addressesOf(c, patientId);
        try (PreparedStatement s = c.prepareStatement("DELETE FROM patient_object WHERE patient_id = ?")) {
            s.setString(1, patientId);
            s.executeUpdate();
        }
        List<String> orphaned = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM patient_object WHERE address = ?")) {
            for (String a : mine) {
                s.setString(1, a);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) orphaned.add(a);
                }
            }
        }
        return orphaned;
    }
}
