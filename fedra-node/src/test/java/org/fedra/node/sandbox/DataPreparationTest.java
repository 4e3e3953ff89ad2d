package org.fedra.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.fedra.node.analysis.PatientValues;
import org.fedra.node.consent.TaskContext;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.DataRequest;
import org.fedra.protocol.pkg.PackageManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input of a run: the consented cohort's values without identifiers, FHIR where asked, every read in the access log. */
class DataPreparationTest {
    @TempDir
    static Path dir;
    static PackageNode node;

    @BeforeAll
    static void setUp() {
        node = new PackageNode(dir, PackagePolicy.defaults(), "cleveland", 40);
    }

    static DataRequest request(String data) {
        String manifest = "{\"name\":\"x\",\"version\":\"1\",\"language\":\"python\",\"entryPoint\":\"main.py\",\"data\":" + data
                + ",\"outputs\":[{\"file\":\"t.csv\",\"kind\":\"aggregate-table\"}]}";
        return PackageManifest.parse(manifest.getBytes(StandardCharsets.UTF_8)).data();
    }

    @Test
    void theCohortOfConsentedPatientsIsWrittenWithoutIdentifiersAndLogged(@TempDir Path input) throws Exception {
        DataRequest request = request("{\"cohort\": {\"sex\": \"female\"}, \"variables\": [{\"name\": \"sex\", \"patient\": \"sex\"},"
                + " {\"name\": \"age\", \"system\": \"http://loinc.org\", \"code\": \"30525-0\", \"unit\": \"a\"},"
                + " {\"name\": \"chol\", \"system\": \"http://loinc.org\", \"code\": \"2093-3\", \"unit\": \"mg/dL\"}], \"fhir\": [\"Observation\"]}");
        Map<String, double[]> before = new TreeMap<>(PatientValues.read(node.node.data.openView(node.task("look", "s")), request.variables()).byPatient());
        List<String> women = before.entrySet().stream().filter(e -> e.getValue()[0] == 0).map(Map.Entry::getKey).toList();
        String withdrawn = women.get(0);
        node.node.data.rights().withdraw(withdrawn);
        node.node.clock.advance(Duration.ofMinutes(1));

        TaskContext task = node.task("prep-1", "study-prep");
        InputSummary summary = DataPreparation.prepare(node.node.data, task, request, input, new Random(1));

        List<String> expected = new ArrayList<>();
        for (String p : women.subList(1, women.size())) {
            double[] v = before.get(p);
            expected.add("0," + (long) v[1] + "," + (Double.isNaN(v[2]) ? "" : ValueTokens.canonical(v[2])));
        }
        List<String> lines = Files.readAllLines(input.resolve(DataPreparation.VARIABLES));
        assertThat(lines.get(0)).isEqualTo("sex,age,chol");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(summary.patients()).isEqualTo(women.size() - 1);
        String csv = Files.readString(input.resolve(DataPreparation.VARIABLES));
        for (String p : before.keySet()) assertThat(csv).doesNotContain(p);

        JsonNode dataset = JsonCodec.tree(Files.readAllBytes(input.resolve(DataPreparation.DATASET)));
        assertThat(dataset.get("patients").asInt()).isEqualTo(women.size() - 1);
        assertThat(dataset.get("referenceDate").asText()).isEqualTo("2026-01-01");
        assertThat(dataset.get("variables").toString()).isEqualTo("[\"sex\",\"age\",\"chol\"]");
        List<String> observations = Files.readAllLines(input.resolve("fhir").resolve("Observation.ndjson"));
        assertThat(dataset.get("fhir").get("Observation").asInt()).isEqualTo(observations.size()).isPositive();
        for (String o : observations) {
            String subject = JsonCodec.tree(o).get("subject").get("reference").asText();
            assertThat(women.subList(1, women.size())).contains(subject.substring("Patient/".length()));
            assertThat(summary.isIdentifier(JsonCodec.tree(o).get("id").asText())).isTrue();
        }
        assertThat(summary.isIdentifier(women.get(1))).isTrue();

        // every patient read lists the run; the one who withdrew was not read
        assertThat(node.node.data.accessLog().entriesFor(women.get(1))).extracting(e -> e.taskId()).contains("prep-1");
        assertThat(node.node.data.accessLog().entriesFor(withdrawn)).extracting(e -> e.taskId()).doesNotContain("prep-1");
    }

    @Test
    void rowsComeInAnotherOrderEachRun(@TempDir Path a, @TempDir Path b) throws Exception {
        DataRequest request = request("{\"variables\": [{\"name\": \"age\", \"system\": \"http://loinc.org\", \"code\": \"30525-0\", \"unit\": \"a\"}]}");
        DataPreparation.prepare(node.node.data, node.task("order-1", "s"), request, a, new Random(1));
        DataPreparation.prepare(node.node.data, node.task("order-2", "s"), request, b, new Random(2));
        List<String> first = Files.readAllLines(a.resolve(DataPreparation.VARIABLES));
        List<String> second = Files.readAllLines(b.resolve(DataPreparation.VARIABLES));
        assertThat(second).containsExactlyInAnyOrderElementsOf(first).isNotEqualTo(first);
        assertThat(a.resolve("fhir")).doesNotExist();
    }

    @Test
    void aResourceTypeTheNodeDoesNotHoldIsRefused(@TempDir Path input) {
        DataRequest request = request("{\"fhir\": [\"Medication\"]}");
        assertThatThrownBy(() -> DataPreparation.prepare(node.node.data, node.task("bad-1", "s"), request, input, new Random(1)))
                .isInstanceOf(Failure.class).hasMessageStartingWith("data.fhir: this node holds no FHIR resources of type Medication")
                .satisfies(e -> assertThat(((Failure) e).reason()).isEqualTo(FailureReason.BAD_INPUT));
    }
}
