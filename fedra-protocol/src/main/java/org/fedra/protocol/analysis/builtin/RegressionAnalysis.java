package org.fedra.protocol.analysis.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;

/** Exact federated logistic or linear regression: one secure sum of gradients and Hessians per Newton iteration. */
public final class RegressionAnalysis implements AnalysisType<RegressionSpec> {
    public static final String NAME = "regression";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "exact logistic or linear regression (Newton-Raphson on securely summed gradients and Hessians; equals a pooled fit)";
    }

    @Override
    public RegressionSpec parse(JsonNode request) {
        return RegressionSpec.parse(request);
    }

    @Override
    public JsonNode toJson(RegressionSpec spec) {
        return spec.toJson();
    }

    @Override
    public List<TaskType> taskTypes() {
        return List.of();
    }

    @Override
    public boolean securelySummed() {
        return true;
    }

    @Override
    public JsonNode example() {
        return JsonCodec.tree("{\"family\": \"logistic\", \"outcome\": {\"name\": \"num\", \"system\": \"urn:fedra:codesystem:uci-heart-disease\","
                + " \"code\": \"num\"}, \"outcomeAbove\": 0, \"predictors\": [{\"name\": \"age\", \"patient\": \"age\"},"
                + " {\"name\": \"sex\", \"patient\": \"sex\"}], \"maxIterations\": 25}");
    }
}
