package org.fedra.node.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.projection.Demographics;
import org.fedra.node.fhir.IndexEntry;
import org.fedra.protocol.analysis.Variable;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * One row of values per patient the consent-filtered view shows, one column per requested {@link Variable}; a
 * value the patient lacks (no observation, an observation in another unit, no gender or birth date) is NaN.
 * For an observation the patient's most recent one counts (latest effective time; one without a time ranks
 * below any dated one; of two at the same time, the one with the greater resource id). Rows are keyed by patient id, in id order, and never leave the node.
 */
public final class PatientValues {
    private final Map<String, double[]> rows;

    private PatientValues(Map<String, double[]> rows) {
        this.rows = rows;
    }

    /** Reads the variables through the view; only patients whose Patient record the view shows have a row. */
    public static PatientValues read(ConsentFilteredView view, List<Variable> variables) {
        Objects.requireNonNull(view, "view");
        Map<String, double[]> rows = new TreeMap<>();
        Map<String, Demographics> patients = new LinkedHashMap<>();
        for (Demographics d : view.patients()) {
            String id = d.patientId();
            patients.put(id, d);
            double[] row = new double[variables.size()];
            Arrays.fill(row, Double.NaN);
            rows.put(id, row);
        }
        LocalDate today = LocalDate.ofInstant(view.task().startedAt(), ZoneOffset.UTC);
        for (int column = 0; column < variables.size(); column++) {
            Variable v = variables.get(column);
            if (v.isObservation()) {
                readObservations(view, v, column, rows);
            } else {
                for (Map.Entry<String, Demographics> e : patients.entrySet()) {
                    rows.get(e.getKey())[column] = attribute(e.getValue(), v.source(), today);
                }
            }
        }
        return new PatientValues(rows);
    }

    /** Rows in patient order. */
    public List<double[]> rows() {
        return List.copyOf(rows.values());
    }

    /** Rows keyed by patient id (the node's pseudonym), in id order; never to leave the node. */
    public Map<String, double[]> byPatient() {
        return java.util.Collections.unmodifiableMap(rows);
    }

    /** Number of patients (rows), complete or not. */
    public int patients() {
        return rows.size();
    }

    private static void readObservations(ConsentFilteredView view, Variable v, int column, Map<String, double[]> rows) {
        Map<String, Instant> latest = new HashMap<>();
        Map<String, String> latestResource = new HashMap<>();
        // the index holds each observation's code, time, value and unit: no need to parse the resources
        view.forEachFact("Observation", v.system(), v.code(), f -> {
            double[] row = rows.get(f.patientId());
            IndexEntry e = f.entry();
            if (row == null || e.value() == null) {
                return;
            }
            if (v.unit() != null && !v.unit().equals(e.unit())) {
                return; // a value in another unit is not this variable: missing rather than mixed
            }
            Instant at = e.effectiveAt() == null ? Instant.MIN : e.effectiveAt();
            Instant seen = latest.get(f.patientId());
            // facts arrive in no order: equal times go to the greater resource id, so the choice does not depend on it
            if (seen == null || at.isAfter(seen) || at.equals(seen) && f.resourceId().compareTo(latestResource.get(f.patientId())) >= 0) {
                latest.put(f.patientId(), at);
                latestResource.put(f.patientId(), f.resourceId());
                row[column] = e.value();
            }
        });
    }

    private static double attribute(Demographics p, String attribute, LocalDate today) {
        if (Variable.SEX.equals(attribute)) {
            if (p.gender() == null) return Double.NaN;
            return switch (p.gender()) {
                case "male" -> 1;
                case "female" -> 0;
                default -> Double.NaN;
            };
        }
        if (p.birthDate() == null) return Double.NaN;
        return Period.between(p.birthDate(), today).getYears();
    }
}
