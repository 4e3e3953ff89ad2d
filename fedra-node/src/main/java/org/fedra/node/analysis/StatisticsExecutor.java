package org.fedra.node.analysis;

import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.protocol.analysis.StatisticsSpec;
import org.fedra.protocol.analysis.builtin.StatisticsAnalysis;

/** Descriptive statistics on a node: its {@link StatisticsContribution} vector for the secure sum. */
public final class StatisticsExecutor implements AnalysisExecutor {
    @Override
    public String analysis() {
        return StatisticsAnalysis.NAME;
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        StatisticsSpec spec = StatisticsSpec.parse(context.task().parameters().get("spec"));
        PatientValues table = PatientValues.read(context.view().records(), StatisticsContribution.variables(spec));
        double[] contribution = StatisticsContribution.of(spec, table.rows());
        // the count of patients with a value: the pipeline holds back a contribution of fewer than the node's minimum
        return new TaskResult.SecureSumVector(contribution, Math.round(contribution[0]));
    }
}
