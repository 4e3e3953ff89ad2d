package org.fedra.protocol.analysis.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingSpec;

/**
 * Federated training of a model: standardisation, updates and evaluations as secure sums, or (robust rules) each
 * node's own update as task {@value PlainUpdate#TASK_TYPE}. The request is
 * {@code {"name": ..., "model": {TrainingSpec}, "config": {...}}}; the model part is checked here, the configuration by
 * the hub against the learning library when the job starts.
 */
public final class TrainingAnalysis implements AnalysisType<JsonNode> {
    public static final String NAME = "training";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "federated training of a logistic or MLP model (updates by secure aggregation, or robust rules on individual updates)";
    }

    @Override
    public JsonNode parse(JsonNode request) {
        if (request == null || !request.isObject()) throw new AnalysisSpecException("$", "the training request must be a JSON object");
        TrainingSpec.parse(request.get("model"), "$.model");
        JsonNode config = request.get("config");
        if (config != null && !config.isObject()) throw new AnalysisSpecException("$.config", "must be a JSON object");
        return request;
    }

    @Override
    public JsonNode toJson(JsonNode spec) {
        return spec;
    }

    @Override
    public List<TaskType> taskTypes() {
        return List.of(new TaskType(PlainUpdate.TASK_TYPE, "update", "studyId"));
    }

    @Override
    public boolean securelySummed() {
        return true;
    }

    @Override
    public JsonNode example() {
        return JsonCodec.tree("{\"name\": \"heart-risk\", \"model\": {\"features\": [{\"name\": \"age\", \"patient\": \"age\"},"
                + " {\"name\": \"sex\", \"patient\": \"sex\"}], \"outcome\": {\"name\": \"num\", \"system\": \"urn:fedra:codesystem:uci-heart-disease\","
                + " \"code\": \"num\"}, \"outcomeAbove\": 0, \"hidden\": [], \"testFraction\": 0.25},"
                + " \"config\": {\"strategy\": \"fedavg\", \"rounds\": 10, \"learningRate\": 0.1, \"seed\": 42}}");
    }
}
