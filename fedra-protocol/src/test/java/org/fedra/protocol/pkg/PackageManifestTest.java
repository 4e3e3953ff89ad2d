package org.fedra.protocol.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.junit.jupiter.api.Test;

/** The manifest: a full one round-trips, every bad field is refused naming its JSON path. */
class PackageManifestTest {
    static final String FULL = """
            {"name": "km-survival", "version": "1.2.0", "language": "r", "entryPoint": "src/km.R",
             "data": {"cohort": {"and": [{"age": {"min": 40}}, {"sex": "female"}]},
                      "variables": [{"name": "age", "patient": "age"},
                                    {"name": "chol", "system": "http://loinc.org", "code": "2093-3", "unit": "mg/dL"}],
                      "fhir": ["Condition"]},
             "outputs": [{"file": "km.csv", "kind": "aggregate-table", "countColumn": "n"},
                         {"file": "sums.json", "kind": "numeric-vector", "length": 4},
                         {"file": "model.rds", "kind": "model-file"}],
             "limits": {"cpuSeconds": 30, "memoryMb": 256}}
            """;

    static PackageManifest parse(String json) {
        return PackageManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFullManifestIsReadAndRoundTrips() {
        PackageManifest m = parse(FULL);
        assertThat(m.name()).isEqualTo("km-survival");
        assertThat(m.language()).isEqualTo(Language.R);
        assertThat(m.entryPoint()).isEqualTo("src/km.R");
        assertThat(m.data().variables()).containsExactly(Variable.patient("age"), Variable.observation("chol", "http://loinc.org", "2093-3", "mg/dL"));
        assertThat(m.data().fhir()).containsExactly("Condition");
        assertThat(m.data().cohortAt(LocalDate.of(2026, 1, 1)).referenceDate()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(m.outputs()).containsExactly(DeclaredOutput.table("km.csv", "n"), DeclaredOutput.vector("sums.json", 4),
                DeclaredOutput.model("model.rds"));
        assertThat(m.output("sums.json").length()).isEqualTo(4);
        // limits not given take the defaults
        assertThat(m.limits()).isEqualTo(new ResourceLimits(30, 120, 256, 32, 16));
        assertThat(PackageManifest.parse(JsonCodec.bytes(m.toJson()))).isEqualTo(m);
    }

    @Test
    void withoutCohortEveryPatientIsRead() {
        PackageManifest m = parse("""
                {"name": "x", "version": "1", "language": "python", "entryPoint": "main.py",
                 "data": {"variables": [{"name": "sex", "patient": "sex"}]}, "outputs": [{"file": "t.csv", "kind": "aggregate-table"}]}""");
        assertThat(m.data().cohort()).isNull();
        assertThat(m.data().cohortAt(LocalDate.of(2026, 1, 1))).isNull();
        assertThat(m.limits()).isEqualTo(ResourceLimits.DEFAULTS);
    }

    private static void refused(String json, String expectedMessage) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(PackageException.class).hasMessage(expectedMessage)
                .satisfies(e -> assertThat(((PackageException) e).reason()).isEqualTo(FailureReason.BAD_INPUT));
    }

    private static String with(String field, String value) {
        String base = """
                {"name": "x", "version": "1", "language": "python", "entryPoint": "main.py",
                 "data": {"variables": [{"name": "age", "patient": "age"}]}, "outputs": [{"file": "t.csv", "kind": "aggregate-table"}]}""";
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) JsonCodec.tree(base);
        if (value == null) o.remove(field);
        else o.set(field, JsonCodec.tree(value));
        return o.toString();
    }

    @Test
    void everyBadFieldIsNamedByItsPath() {
        refused("not json", "manifest.json: is not valid JSON (Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1)");
        refused("[]", "manifest.json $: must be a JSON object");
        refused(with("name", null), "manifest.json $.name: is required");
        refused(with("name", "\"Has Spaces\""), "manifest.json $.name: \"Has Spaces\" is not a package name (lower-case letters, digits, . _ -; at most 64)");
        refused(with("version", "\"\""), "manifest.json $.version: must be a non-empty string");
        refused(with("language", "\"julia\""), "manifest.json $.language: unknown language \"julia\" (known: python, r)");
        refused(with("entryPoint", "\"main.R\""), "manifest.json $.entryPoint: a python entry point ends in .py, was \"main.R\"");
        refused(with("extra", "1"), "manifest.json $.extra: unknown field (known: [data, entryPoint, language, limits, name, outputs, version])");
        refused(with("data", "{\"variables\": []}"), "manifest.json $.data.variables: a package must read some data: give variables, fhir or both");
        refused(with("data", "{\"variables\": [{\"name\": \"chol\", \"system\": \"http://loinc.org\"}]}"),
                "manifest.json $.data.variables[0].code: is required");
        refused(with("data", "{\"variables\": [{\"name\": \"a b\", \"patient\": \"age\"}]}"),
                "manifest.json $.data.variables[0].name: \"a b\" is not a usable column name (a letter, then letters, digits, _ or .)");
        refused(with("data", "{\"variables\": [{\"name\": \"a\", \"patient\": \"age\"}, {\"name\": \"a\", \"patient\": \"sex\"}]}"),
                "manifest.json $.data.variables[1].name: \"a\" is used twice");
        refused(with("data", "{\"cohort\": {\"and\": [{\"age\": {\"min\": -1}}]}, \"variables\": [{\"name\": \"a\", \"patient\": \"age\"}]}"),
                "manifest.json $.data.cohort.and[0].age.min: an age cannot be negative, was -1");
        refused(with("data", "{\"fhir\": [\"Consent\"]}"), "manifest.json $.data.fhir[0]: Consent resources are not readable by analyses");
        refused(with("outputs", "[]"), "manifest.json $.outputs: must be a non-empty array of declared outputs");
        refused(with("outputs", "[{\"file\": \"../x.csv\", \"kind\": \"aggregate-table\"}]"),
                "manifest.json $.outputs[0].file: \"../x.csv\" is not a plain file name (letters, digits, . _ -; no directories)");
        refused(with("outputs", "[{\"file\": \"x.csv\", \"kind\": \"table\"}]"),
                "manifest.json $.outputs[0].kind: unknown kind \"table\" (known: aggregate-table, numeric-vector, model-file)");
        refused(with("outputs", "[{\"file\": \"x.json\", \"kind\": \"numeric-vector\"}]"),
                "manifest.json $.outputs[0].length: a numeric-vector needs its length, a whole number from 1 to 10000000");
        refused(with("outputs", "[{\"file\": \"x.csv\", \"kind\": \"aggregate-table\"}, {\"file\": \"x.csv\", \"kind\": \"model-file\"}]"),
                "manifest.json $.outputs[1].file: \"x.csv\" is declared twice");
        refused(with("outputs", "[{\"file\": \"x.txt\", \"kind\": \"aggregate-table\"}]"),
                "manifest.json $.outputs[0].file: an aggregate-table is a CSV file; name it *.csv");
        refused(with("limits", "{\"memoryMb\": 8}"), "manifest.json $.limits.memoryMb: must be between 32 and 1048576, was 8");
        refused(with("limits", "{\"cpuSeconds\": 1.5}"), "manifest.json $.limits.cpuSeconds: must be a whole number");
        refused(with("limits", "{\"disk\": 1}"),
                "manifest.json $.limits.disk: unknown limit (known: [cpuSeconds, wallSeconds, memoryMb, processes, outputMb])");
    }

    @Test
    void limitsBeyondANodesMaximumAreNamed() {
        ResourceLimits max = new ResourceLimits(60, 120, 512, 32, 16);
        assertThat(new ResourceLimits(60, 120, 512, 32, 16).exceeding(max)).isNull();
        assertThat(new ResourceLimits(60, 120, 1024, 32, 16).exceeding(max)).isEqualTo("memoryMb (1024 > 512)");
        assertThat(new ResourceLimits(60, 120, 512, 32, 17).exceeding(max)).isEqualTo("outputMb (17 > 16)");
    }
}
