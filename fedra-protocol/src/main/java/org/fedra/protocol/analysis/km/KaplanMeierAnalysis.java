package org.fedra.protocol.analysis.km;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;

/**
 * A federated Kaplan-Meier table by one secure sum: per time interval the number at risk and the events, summed over
 * the nodes, and the survival curve with Greenwood confidence intervals computed from the sums (the worked example of
 * {@link org.fedra.protocol.analysis.spi}).
 */
public final class KaplanMeierAnalysis implements AnalysisType<KaplanMeierSpec> {
    public static final String NAME = "kaplan-meier";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Kaplan-Meier survival table (at risk, events, survival with Greenwood 95% CI) on a time grid, by secure aggregation";
    }

    @Override
    public KaplanMeierSpec parse(JsonNode request) {
        return KaplanMeierSpec.parse(request);
    }

    @Override
    public JsonNode toJson(KaplanMeierSpec spec) {
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
        return JsonCodec.tree("{\"time\": {\"name\": \"age\", \"patient\": \"age\"}, \"event\": {\"name\": \"num\", \"system\":"
                + " \"urn:fedra:codesystem:uci-heart-disease\", \"code\": \"num\"}, \"eventAbove\": 0, \"edges\": [30, 40, 50, 60, 70, 80]}");
    }
}
