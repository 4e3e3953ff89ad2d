package org.fedra.protocol.analysis.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.junit.jupiter.api.Test;

/** The registry of analysis types and the task envelope every node reads before analysis code runs. */
class AnalysisTypesTest {
    @Test
    void theRegistryHoldsEveryRegisteredTypeAndEachExampleParses() {
        assertThat(AnalysisTypes.names()).containsExactly("feasibility", "kaplan-meier", "linkage", "package", "regression", "statistics", "training");
        for (AnalysisType<?> type : AnalysisTypes.all()) {
            roundTrip(type);
            assertThat(type.description()).as(type.name()).isNotBlank();
        }
        assertThat(AnalysisTypes.ofTask("psi.count")).hasValueSatisfying(o -> {
            assertThat(o.analysis().name()).isEqualTo("linkage");
            assertThat(o.task().step()).isEqualTo("count");
        });
        assertThat(AnalysisTypes.ofTask("training.update").orElseThrow().task().studyField()).isEqualTo("studyId");
        assertThat(AnalysisTypes.ofTask("secagg.keys")).as("the secure-sum steps are the pipeline's, no analysis's").isEmpty();
        assertThatThrownBy(() -> AnalysisTypes.require("mining")).isInstanceOf(Failure.class)
                .hasMessage("unknown analysis \"mining\" (known: [feasibility, kaplan-meier, linkage, package, regression, statistics, training])")
                .extracting(e -> ((Failure) e).reason()).isEqualTo(FailureReason.BAD_INPUT);
    }

    /** A type's example parses, and its JSON parses to a request that writes the same JSON. */
    private static <S> void roundTrip(AnalysisType<S> type) {
        S spec = type.parse(type.example());
        assertThat(type.toJson(type.parse(type.toJson(spec)))).as(type.name()).isEqualTo(type.toJson(spec));
    }

    @Test
    void theEnvelopeNamesTheStudyOrSaysWhatIsWrong() {
        TaskType blind = TaskType.of("psi.blind", "blind");
        AnalysisTask t = AnalysisTask.read("linkage", blind, "{\"study\": \"s-1\", \"countingNode\": \"n\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(t.study()).isEqualTo("s-1");
        assertThat(t.analysis()).isEqualTo("linkage");
        assertThat(t.step()).isEqualTo("blind");
        assertThat(t.parameters().get("countingNode").asText()).isEqualTo("n");
        assertThatThrownBy(() -> AnalysisTask.read("linkage", blind, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("psi.blind payload is not valid JSON");
        assertThatThrownBy(() -> AnalysisTask.read("linkage", blind, "[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("psi.blind payload must be a JSON object");
        assertThatThrownBy(() -> AnalysisTask.read("linkage", blind, "{\"study\": 3}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("psi.blind payload: field 'study' is required and must be a non-empty string");
        TaskType update = new TaskType("training.update", "update", "studyId");
        assertThat(AnalysisTask.read("training", update, "{\"studyId\": \"s-2\"}".getBytes(StandardCharsets.UTF_8)).study()).isEqualTo("s-2");
    }

    @Test
    void requestsAreCheckedByTheirTypesCodecNamingThePath() {
        assertThatThrownBy(() -> AnalysisTypes.require("feasibility").parse(JsonCodec.tree("{\"referenceDate\": \"soon\", \"query\": {}}")))
                .isInstanceOf(AnalysisSpecException.class).hasMessageContaining("$.referenceDate");
        assertThatThrownBy(() -> AnalysisTypes.require("feasibility").parse(JsonCodec.tree("{\"query\": {\"age\": {\"min\": 80, \"max\": 40}}}")))
                .hasMessageContaining("query $.age").hasMessageContaining("impossible range");
        assertThatThrownBy(() -> AnalysisTypes.require("linkage").parse(JsonCodec.tree("{\"countingNode\": 7}")))
                .hasMessageContaining("countingNode must be a node id");
        assertThatThrownBy(() -> AnalysisTypes.require("training").parse(JsonCodec.tree("{\"model\": {\"features\": []}}")))
                .hasMessageContaining("$.model.features");
    }
}
