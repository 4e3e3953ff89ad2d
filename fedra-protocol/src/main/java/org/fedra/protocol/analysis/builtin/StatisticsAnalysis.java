package org.fedra.protocol.analysis.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedra.protocol.analysis.StatisticsSpec;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;

/** Descriptive statistics of one variable (count, mean, variance, quantiles, histogram, table) by one secure sum. */
public final class StatisticsAnalysis implements AnalysisType<StatisticsSpec> {
    public static final String NAME = "statistics";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "count, mean, variance, quantiles, histogram and contingency table of one variable, by secure aggregation";
    }

    @Override
    public StatisticsSpec parse(JsonNode request) {
        return StatisticsSpec.parse(request);
    }

    @Override
    public JsonNode toJson(StatisticsSpec spec) {
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
        return JsonCodec.tree("{\"variable\": {\"name\": \"chol\", \"system\": \"http://loinc.org\", \"code\": \"2093-3\", \"unit\": \"mg/dL\"},"
                + " \"edges\": [100, 200, 300, 400, 500, 600], \"by\": {\"name\": \"sex\", \"patient\": \"sex\"}, \"categories\": [0, 1]}");
    }
}
