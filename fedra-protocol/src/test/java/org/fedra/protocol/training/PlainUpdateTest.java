package org.fedra.protocol.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainUpdateTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static TrainingSpec spec() throws Exception {
        return TrainingSpec.parse(JSON.readTree("{\"features\": [{\"name\": \"age\", \"patient\": \"age\"}],"
                + " \"outcome\": {\"name\": \"y\", \"system\": \"s\", \"code\": \"y\"}}"), "$");
    }

    @Test
    void aRequestAndAVectorSurviveTheWireExactly() throws Exception {
        TrainingStep step = new TrainingStep(TrainingStep.UPDATE, "train-1", spec(), 42, 3, new double[] {0.1, -2.5},
                new double[] {50}, new double[] {10}, new TrainingStep.LocalSettings(1, 16, 0.1, 0), Map.of("node-a", 7L), 0, 0);
        PlainUpdate back = PlainUpdate.fromBytes(new PlainUpdate("study-9", step).toBytes());
        assertThat(back.studyId()).isEqualTo("study-9");
        assertThat(back.step().round()).isEqualTo(3);
        assertThat(back.step().parameters()).containsExactly(0.1, -2.5);
        assertThat(back.step().seeds()).containsEntry("node-a", 7L);

        double[] v = {Math.PI, -1e-300, 0, 123456.789};
        byte[] bytes = PlainUpdate.vectorBytes(v);
        assertThat(bytes).hasSize(32);
        assertThat(PlainUpdate.vector(bytes)).containsExactly(v);
    }

    @Test
    void malformedInputIsRefusedNamingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> PlainUpdate.vector(new byte[12])).hasMessageContaining("12 bytes");
        assertThatThrownBy(() -> PlainUpdate.fromBytes("{\"step\": {}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("$.studyId");
        assertThatThrownBy(() -> PlainUpdate.fromBytes("{\"studyId\": \"s\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("$.step");
        assertThatThrownBy(() -> new PlainUpdate("s", TrainingStep.standardisation("train-1", spec(), 1)))
                .hasMessageContaining("standardisation");
    }
}
