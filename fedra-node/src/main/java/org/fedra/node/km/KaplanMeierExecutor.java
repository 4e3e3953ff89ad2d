package org.fedra.node.km;

import java.util.List;
import org.fedra.node.analysis.PatientValues;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.protocol.analysis.km.KaplanMeierAnalysis;
import org.fedra.protocol.analysis.km.KaplanMeierSpec;

/**
 * Kaplan-Meier on a node: the (time, event) value of every patient the consent-filtered view shows, counted per
 * interval of the grid (at risk at its start, events in it) into the node's vector for the secure sum.
 */
public final class KaplanMeierExecutor implements AnalysisExecutor {
    @Override
    public String analysis() {
        return KaplanMeierAnalysis.NAME;
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        KaplanMeierSpec spec = KaplanMeierSpec.parse(context.task().parameters().get("spec"));
        PatientValues values = PatientValues.read(context.view().records(), List.of(spec.time(), spec.event()));
        return new TaskResult.SecureSumVector(spec.contribution(values.rows()));
    }
}
