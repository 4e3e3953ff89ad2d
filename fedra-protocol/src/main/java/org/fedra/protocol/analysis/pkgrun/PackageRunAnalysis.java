package org.fedra.protocol.analysis.pkgrun;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;

/**
 * A researcher's analysis package run on every node of a study (code to data): each node runs it, if its steward
 * approved the package's hash for the study, in its sandbox on the study's consent-filtered data, and passes what it
 * wrote through its output check. The hub combines what the nodes released: the declared numeric vectors by one secure
 * sum (the hub sees only the sum), the released aggregate tables concatenated per node.
 *
 * <p>Task {@value #RUN} (step {@code run}) runs the package and answers with the node's report (released tables and
 * logs; vectors are kept on the node for the secure sum that follows, task {@code secagg.keys} naming this analysis with
 * the computation {@code {"kind": "package", "run": <job id>}}).
 */
public final class PackageRunAnalysis implements AnalysisType<PackageRunSpec> {
    public static final String NAME = "package";
    public static final String RUN = "package.run";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a researcher's analysis package (Python or R), approved by hash, run sandboxed on each node; vectors securely summed, checked tables per node";
    }

    @Override
    public PackageRunSpec parse(JsonNode request) {
        return PackageRunSpec.parse(request);
    }

    @Override
    public JsonNode toJson(PackageRunSpec spec) {
        return spec.toJson();
    }

    @Override
    public List<TaskType> taskTypes() {
        return List.of(TaskType.of(RUN, "run"));
    }

    @Override
    public boolean securelySummed() {
        return true;
    }

    @Override
    public JsonNode example() {
        return JsonCodec.tree(PackageRunSpec.example());
    }
}
