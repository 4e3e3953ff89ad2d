package org.fedra.node.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.fedra.node.analysis.PatientValues;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.fhir.PatientReferences;
import org.fedra.node.fhir.SupportedTypes;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.DataRequest;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes the data a package asked for into its run's input directory, in open formats, from the task's consent-filtered
 * view only (so every patient read is in their access log under the run's task id):
 * <ul>
 *   <li>{@code variables.csv}: a header of the variable names and one row per patient of the cohort, in random order and
 *       without any identifier; a missing value is an empty cell (NaN in pandas, NA in R);</li>
 *   <li>{@code fhir/<Type>.ndjson}: the cohort's resources of each requested type, one JSON resource per line, with the
 *       node's pseudonymous ids;</li>
 *   <li>{@code dataset.json}: the number of patients, the variable names, the counts of resources and the reference date
 *       ages were computed at.</li>
 * </ul>
 */
public final class DataPreparation {
    public static final String VARIABLES = "variables.csv";
    public static final String DATASET = "dataset.json";
    public static final String FHIR = "fhir";

    private DataPreparation() {}

    /**
     * Prepares the input of a run.
     *
     * @param shuffle randomness for the row order (rows must not line up with another run's)
     * @return what the output check needs to know of the input
     */
    public static InputSummary prepare(NodeDataLayer data, TaskContext task, DataRequest request, Path dir, Random shuffle) {
        return prepare(RunData.of(data, task), task, request, dir, shuffle);
    }

    /** Prepares the input of a run from the task's consent-filtered view. */
    public static InputSummary prepare(RunData data, TaskContext task, DataRequest request, Path dir, Random shuffle) {
        for (String type : request.fhir()) {
            if (!SupportedTypes.isSupported(type)) {
                throw Failure.badInput("data.fhir: this node holds no FHIR resources of type " + type + " (it holds " + SupportedTypes.ALL + ")");
            }
        }
        LocalDate referenceDate = LocalDate.ofInstant(task.startedAt(), ZoneOffset.UTC);
        Set<String> cohort = request.cohort() == null ? null
                : data.cohort(request.cohortAt(referenceDate)).patients(FeasibilityCategory.USABLE);
        ConsentFilteredView view = data.view();
        List<String> patients = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        if (!request.variables().isEmpty()) {
            for (Map.Entry<String, double[]> e : PatientValues.read(view, request.variables()).byPatient().entrySet()) {
                if (cohort == null || cohort.contains(e.getKey())) {
                    patients.add(e.getKey());
                    rows.add(e.getValue());
                }
            }
        } else {
            for (String p : view.patientIds()) {
                if (cohort == null || cohort.contains(p)) patients.add(p);
            }
        }
        InputSummary summary = new InputSummary(patients.size(), request.variables().size());
        patients.forEach(summary::addIdentifier);
        try {
            ObjectNode dataset = JsonCodec.object().put("patients", patients.size()).put("referenceDate", referenceDate.toString());
            if (!request.variables().isEmpty()) {
                Collections.shuffle(rows, shuffle);
                writeVariables(dir.resolve(VARIABLES), request.variables(), rows, summary);
                request.variables().forEach(v -> dataset.withArray("variables").add(v.name()));
            }
            if (!request.fhir().isEmpty()) {
                Path fhirDir = Files.createDirectory(dir.resolve(FHIR));
                Set<String> members = new TreeSet<>(patients);
                ObjectNode counts = dataset.putObject("fhir");
                for (String type : request.fhir()) {
                    counts.put(type, writeResources(fhirDir.resolve(type + ".ndjson"), view.resources(type), members, summary));
                }
            }
            Files.write(dir.resolve(DATASET), JsonCodec.bytes(dataset));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's input to " + dir + ": " + e.getMessage(), e);
        }
        return summary;
    }

    private static void writeVariables(Path file, List<Variable> variables, List<double[]> rows, InputSummary summary) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", variables.stream().map(Variable::name).toList()));
            w.write('\n');
            StringBuilder line = new StringBuilder();
            for (double[] row : rows) {
                line.setLength(0);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) line.append(',');
                    String v = ValueTokens.canonical(row[i]);
                    if (!v.equals(ValueTokens.MISSING)) line.append(v);
                }
                w.write(line.append('\n').toString());
                summary.addRow(row);
            }
        }
    }

    private static int writeResources(Path file, List<Resource> resources, Set<String> members, InputSummary summary) throws IOException {
        int n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Resource r : resources) {
                String patient = PatientReferences.patientId(r).orElse(null);
                if (patient == null || !members.contains(patient)) continue;
                w.write(FhirCodec.encode(r));
                w.write('\n');
                summary.addIdentifier(r.getIdElement().getIdPart());
                n++;
            }
        }
        return n;
    }
}
