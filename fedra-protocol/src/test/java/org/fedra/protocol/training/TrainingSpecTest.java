package org.fedra.protocol.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.junit.jupiter.api.Test;

class TrainingSpecTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OK = "{\"features\": [{\"name\": \"age\", \"patient\": \"age\"}, {\"name\": \"chol\", \"system\": \"http://loinc.org\","
            + " \"code\": \"2093-3\", \"unit\": \"mg/dL\"}], \"outcome\": {\"name\": \"num\", \"system\": \"s\", \"code\": \"num\"},"
            + " \"outcomeAbove\": 0, \"hidden\": [8], \"testFraction\": 0.2}";

    @Test
    void aSpecAndATrainingStepSurviveTheirJsonForm() throws Exception {
        TrainingSpec spec = TrainingSpec.parse(JSON.readTree(OK), "$.model");
        assertThat(spec.features()).hasSize(2);
        assertThat(spec.hidden()).containsExactly(8);
        assertThat(spec.testFraction()).isEqualTo(0.2);
        assertThat(spec.variables()).extracting(v -> v.name()).containsExactly("age", "chol", "num");
        assertThat(TrainingSpec.parse(spec.toJson(), "$").toJson()).isEqualTo(spec.toJson());

        TrainingStep step = new TrainingStep(TrainingStep.UPDATE, "job-1", spec, 42, 3, new double[] {0.1, -1e-17, 3}, new double[] {1, 2},
                new double[] {3, 4}, new TrainingStep.LocalSettings(2, 16, 0.05, 0.01), Map.of("node-a", -5L, "node-b", Long.MAX_VALUE), 1.5, 0.25);
        TrainingStep back = TrainingStep.fromJson(JSON.readTree(JSON.writeValueAsBytes(step.toJson())));
        assertThat(back.parameters()).containsExactly(step.parameters());
        assertThat(back.seeds()).isEqualTo(step.seeds());
        assertThat(back.local()).isEqualTo(step.local());
        assertThat(back.jobSeed()).isEqualTo(42);
        assertThat(back.round()).isEqualTo(3);
        assertThat(back.clipNorm()).isEqualTo(1.5);
        assertThat(back.noiseStd()).isEqualTo(0.25);
    }

    @Test
    void badSpecsNameTheField() {
        assertThat(error("{\"outcome\": {\"name\": \"y\", \"patient\": \"sex\"}}")).startsWith("$.model.features");
        assertThat(error(OK.replace("\"testFraction\": 0.2", "\"testFraction\": 1"))).startsWith("$.model.testFraction");
        assertThat(error(OK.replace("\"hidden\": [8]", "\"hidden\": [0]"))).startsWith("$.model.hidden[0]");
        assertThat(error(OK.replace("\"hidden\": [8]", "\"layers\": [8]"))).startsWith("$.model.layers").contains("unknown field");
        assertThat(error(OK.replace("\"name\": \"chol\"", "\"name\": \"age\""))).startsWith("$.model.features[1].name").contains("twice");
        assertThat(error(OK.replace("\"code\": \"2093-3\", ", ""))).startsWith("$.model.features[1]");
        assertThatThrownBy(() -> TrainingStep.fromJson(JSON.readTree("{\"kind\": \"training\", \"phase\": \"guess\"}")))
                .hasMessageContaining("unknown training phase \"guess\"");
    }

    static String error(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            TrainingSpec.parse(n, "$.model");
            throw new AssertionError("accepted " + json);
        } catch (AnalysisSpecException e) {
            return e.getMessage();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
