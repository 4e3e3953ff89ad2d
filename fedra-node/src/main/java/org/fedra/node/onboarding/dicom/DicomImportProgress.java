package org.fedra.node.onboarding.dicom;

import org.fedra.node.fhir.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The record of imported DICOM instances per source (PACS), by which an import resumes and studies are rebuilt. */
public final class DicomImportProgress {
    private final DataSource dataSource;

    public DicomImportProgress(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether this content of this instance was imported already. */
    public boolean isImported(String source, String instanceKey, String md5) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT content_md5 FROM dicom_import_progress WHERE source = ? AND instance_key = ?")) {
            s.setString(1, source);
            s.setString(2, instanceKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1).equals(md5);
            }
        } catch (SQLException e) {
            throw new DataAccessException("reading DICOM import progress failed", e);
        }
    }

    /** Records (or replaces) an imported instance. */
    public void record(String source, ImportedInstance i) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM dicom_import_progress WHERE source = ? AND instance_key = ?")) {
                    d.setString(1, source);
                    d.setString(2, i.instanceKey());
                    d.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dicom_import_progress (source, instance_key, content_md5, study_uid,"
                        + " series_uid, sop_uid, sop_class_uid, modality, series_number, instance_number, patient_source, patient_sex,"
                        + " patient_birth, study_date, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    DicomInstance d = i.dicom();
                    s.setString(1, source);
                    s.setString(2, i.instanceKey());
                    s.setString(3, i.contentMd5());
                    s.setString(4, d.studyInstanceUid());
                    s.setString(5, d.seriesInstanceUid());
                    s.setString(6, d.sopInstanceUid());
                    s.setString(7, d.sopClassUid());
                    s.setString(8, d.modality());
                    setInt(s, 9, d.seriesNumber());
                    setInt(s, 10, d.instanceNumber());
                    s.setString(11, i.patientSource());
                    s.setString(12, d.patientSex());
                    s.setString(13, d.patientBirthDate());
                    s.setString(14, d.studyDate());
                    s.setString(15, i.address());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException("recording DICOM import progress failed", e);
        }
    }

    /** All imported instances of a study, by series and instance number. */
    public List<ImportedInstance> instancesOfStudy(String source, String studyUid) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT instance_key, content_md5, patient_source, study_uid, series_uid, sop_uid,"
                     + " sop_class_uid, modality, series_number, instance_number, patient_sex, patient_birth, study_date, address"
                     + " FROM dicom_import_progress WHERE source = ? AND study_uid = ? ORDER BY series_uid, instance_number, sop_uid")) {
            s.setString(1, source);
            s.setString(2, studyUid);
            List<ImportedInstance> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    DicomInstance d = new DicomInstance(null, rs.getString(7), rs.getString(6), rs.getString(4), rs.getString(5),
                            rs.getString(8), null, rs.getString(11), rs.getString(12), rs.getString(13), null,
                            (Integer) rs.getObject(9), (Integer) rs.getObject(10));
                    out.add(new ImportedInstance(rs.getString(1), rs.getString(2), rs.getString(3), d, rs.getString(14)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading DICOM import progress failed", e);
        }
    }

    /**
     * Removes the records of these objects inside the caller's transaction (erasure: the records hold the DICOM
     * patient id and UIDs).
     */
    public static void forgetObjects(Connection c, List<String> addresses) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM dicom_import_progress WHERE address = ?")) {
            for (String a : addresses) {
                s.setString(1, a);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) s.setNull(i, Types.INTEGER); else s.setInt(i, v);
    }
}
