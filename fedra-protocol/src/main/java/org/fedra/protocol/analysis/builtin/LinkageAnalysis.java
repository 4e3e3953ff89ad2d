package org.fedra.protocol.analysis.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.linkage.LinkageTasks;

/** Record linkage by multi-party PSI: overlaps between the nodes' consented patients (see {@link LinkageTasks}). */
public final class LinkageAnalysis implements AnalysisType<LinkageSpec> {
    public static final String NAME = "linkage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "patients shared between hospitals and distinct patients, by private set intersection (the hub relays only blinded values)";
    }

    @Override
    public LinkageSpec parse(JsonNode request) {
        if (request == null || request.isNull() || request.isMissingNode()) return new LinkageSpec(null);
        if (!request.isObject()) throw new AnalysisSpecException("$", "the request body must be a JSON object");
        JsonNode c = request.get("countingNode");
        if (c == null || c.isNull()) return new LinkageSpec(null);
        if (!c.isTextual() || c.asText().isBlank()) {
            throw new AnalysisSpecException("$.countingNode", "countingNode must be a node id (a non-empty string)");
        }
        return new LinkageSpec(c.asText());
    }

    @Override
    public JsonNode toJson(LinkageSpec spec) {
        ObjectNode o = JsonCodec.object();
        if (spec.countingNode() != null) o.put("countingNode", spec.countingNode());
        return o;
    }

    @Override
    public List<TaskType> taskTypes() {
        return List.of(TaskType.of(LinkageTasks.BLIND, "blind"), TaskType.of(LinkageTasks.REBLIND, "reblind"),
                TaskType.of(LinkageTasks.COUNT, "count"));
    }

    @Override
    public boolean securelySummed() {
        return false;
    }

    @Override
    public JsonNode example() {
        return JsonCodec.object();
    }
}
