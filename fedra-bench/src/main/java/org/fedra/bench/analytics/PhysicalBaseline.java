package org.fedra.bench.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;

/**
 * What the hardware allows: StudyBench's feasibility criteria and regression rows computed by DuckDB alone over the
 * same facts, with no Fedra code in the measured part (no consent, no channel, no disclosure control). The nodes'
 * {@code fhir_index} rows and Patient resources are copied in beforehand with plain SQL (not measured).
 *
 * <p>The SQL restates the criteria's meaning independently: a patient counts when they have condition I10, an HbA1c
 * (LOINC 4548-4, %) of at least 6.5, and an age from the birth date between 40 and 85 at the reference date. It is
 * compared with the evaluator's patients for whom the query is true (usable + would need consent + refused).
 */
final class PhysicalBaseline implements AutoCloseable {
    private final DuckDBConnection duck;

    private PhysicalBaseline(DuckDBConnection duck) {
        this.duck = duck;
    }

    /** Copies each node database's index facts and patients' demographics into one in-memory DuckDB. */
    static PhysicalBaseline copyOf(List<DataSource> nodes) throws SQLException {
        // the driver directly: a shaded jar may not carry the driver's service entry
        DuckDBConnection duck = (DuckDBConnection) new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE patient (node INTEGER, patient_id VARCHAR, gender VARCHAR, birth_date DATE)");
            s.execute("CREATE TABLE fact (node INTEGER, resource_type VARCHAR, resource_id VARCHAR, patient_id VARCHAR, code_system VARCHAR,"
                    + " code VARCHAR, effective_at TIMESTAMP, value_num DOUBLE, value_unit VARCHAR)");
        }
        ObjectMapper json = new ObjectMapper();
        for (int node = 0; node < nodes.size(); node++) {
            try (Connection c = nodes.get(node).getConnection();
                 DuckDBAppender patients = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "patient");
                 DuckDBAppender facts = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "fact")) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT resource_id, json FROM fhir_resource WHERE resource_type = 'Patient'")) {
                    while (rs.next()) {
                        JsonNode p = json.readTree(rs.getString(2));
                        patients.beginRow().append(node).append(rs.getString(1));
                        if (p.hasNonNull("gender")) patients.append(p.get("gender").asText()); else patients.appendNull();
                        String birth = p.path("birthDate").asText("");
                        // a partial date reads as its first day, as the criteria read it
                        if (birth.length() == 4) birth += "-01-01";
                        else if (birth.length() == 7) birth += "-01";
                        if (birth.isEmpty()) patients.appendNull(); else patients.append(LocalDate.parse(birth));
                        patients.endRow();
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new SQLException("a Patient resource is not JSON", e);
                }
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT resource_type, resource_id, patient_id, code_system, code, effective_at, value_num,"
                             + " value_unit FROM fhir_index WHERE patient_id IS NOT NULL")) {
                    while (rs.next()) {
                        facts.beginRow().append(node);
                        for (int i = 1; i <= 5; i++) appendNullable(facts, rs.getString(i));
                        Timestamp at = rs.getTimestamp(6);
                        if (at == null) facts.appendNull(); else facts.append(at.toInstant().atOffset(java.time.ZoneOffset.UTC).toLocalDateTime());
                        double v = rs.getDouble(7);
                        if (rs.wasNull()) facts.appendNull(); else facts.append(v);
                        appendNullable(facts, rs.getString(8));
                        facts.endRow();
                    }
                }
            }
        }
        return new PhysicalBaseline(duck);
    }

    private static void appendNullable(DuckDBAppender a, String s) throws SQLException {
        if (s == null) a.appendNull(); else a.append(s);
    }

    /** Patients of all nodes for whom the StudyBench query is true, at the reference date. */
    long feasibility(LocalDate reference) throws SQLException {
        try (PreparedStatement s = duck.prepareStatement("""
                WITH hypertensive AS (
                    SELECT DISTINCT node, patient_id FROM fact WHERE resource_type = 'Condition'
                      AND code_system = 'http://hl7.org/fhir/sid/icd-10' AND code = 'I10'),
                high_hba1c AS (
                    SELECT DISTINCT node, patient_id FROM fact WHERE resource_type = 'Observation'
                      AND code_system = 'http://loinc.org' AND code = '4548-4' AND value_unit = '%' AND value_num >= 6.5)
                SELECT count(*) FROM patient p
                  JOIN hypertensive USING (node, patient_id) JOIN high_hba1c USING (node, patient_id)
                 WHERE (CAST(strftime(CAST(? AS DATE), '%Y%m%d') AS INTEGER) - CAST(strftime(p.birth_date, '%Y%m%d') AS INTEGER)) // 10000
                       BETWEEN 40 AND 85""")) {
            s.setObject(1, reference);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The regression's rows (outcome HbA1c > 6.5 %, age, sex, BMI, systolic pressure; each observation its latest value,
     * equal times to the greater resource id), complete rows only, over every patient of every node; returns how many.
     */
    long regressionRows(LocalDate reference) throws SQLException {
        try (Statement drop = duck.createStatement()) {
            drop.execute("DROP TABLE IF EXISTS regression_rows");
        }
        try (PreparedStatement s = duck.prepareStatement("""
                CREATE TEMP TABLE regression_rows AS
                WITH latest AS (
                    SELECT node, patient_id, code, arg_max(value_num, (effective_at, resource_id)) AS v FROM fact
                     WHERE resource_type = 'Observation' AND code_system = 'http://loinc.org' AND value_num IS NOT NULL
                       AND ((code = '4548-4' AND value_unit = '%') OR (code = '39156-5' AND value_unit = 'kg/m2')
                            OR (code = '8480-6' AND value_unit = 'mm[Hg]'))
                     GROUP BY node, patient_id, code)
                SELECT CASE WHEN h.v > 6.5 THEN 1 ELSE 0 END AS outcome,
                       (CAST(strftime(CAST(? AS DATE), '%Y%m%d') AS INTEGER) - CAST(strftime(p.birth_date, '%Y%m%d') AS INTEGER)) // 10000 AS age,
                       CASE p.gender WHEN 'male' THEN 1 WHEN 'female' THEN 0 END AS sex, b.v AS bmi, s.v AS sbp
                  FROM patient p
                  JOIN latest h ON h.node = p.node AND h.patient_id = p.patient_id AND h.code = '4548-4'
                  JOIN latest b ON b.node = p.node AND b.patient_id = p.patient_id AND b.code = '39156-5'
                  JOIN latest s ON s.node = p.node AND s.patient_id = p.patient_id AND s.code = '8480-6'
                 WHERE p.birth_date IS NOT NULL AND p.gender IN ('male', 'female')""")) {
            s.setObject(1, reference);
            s.execute();
        }
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM regression_rows")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        duck.close();
    }
}
