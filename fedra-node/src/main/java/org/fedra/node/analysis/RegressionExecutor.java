package org.fedra.node.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.ExecutorEnvironment;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.builtin.RegressionAnalysis;
import org.fedra.protocol.audit.AuditAction;

/**
 * One Newton iteration of a federated regression on a node: its {@link RegressionContribution} at the hub's
 * coefficients, for the secure sum. A fit's rows are kept between its iterations while the store is unchanged
 * ({@link FitRows}), so the consent-filtered view is opened only when the rows are read.
 */
public final class RegressionExecutor implements AnalysisExecutor {
    private FitRows fitRows;

    @Override
    public String analysis() {
        return RegressionAnalysis.NAME;
    }

    @Override
    public synchronized void start(ExecutorEnvironment environment) {
        if (fitRows == null) {
            fitRows = new FitRows(environment.clock(), environment.dataGeneration());
        }
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        JsonNode computation = context.task().parameters();
        RegressionSpec spec = RegressionSpec.parse(computation.get("spec"));
        double[] beta = new double[spec.predictors().size() + 1];
        JsonNode cs = computation.get("coefficients");
        if (cs == null || !cs.isArray() || cs.size() != beta.length) {
            throw new IllegalArgumentException("the regression step needs " + beta.length + " coefficients");
        }
        for (int i = 0; i < beta.length; i++) beta[i] = cs.get(i).asDouble();
        Supplier<List<double[]>> read = () -> PatientValues.read(context.view().records(), RegressionContribution.variables(spec)).rows();
        String fit = computation.path("fit").asText("");
        String studyId = context.study().studyId();
        List<double[]> rows;
        if (fit.isEmpty()) {
            rows = read.get();
        } else {
            FitRows.Rows r = fitRows.rows(fit, studyId, spec.toJson().toString(), read);
            if (!r.reused()) {
                context.audit(AuditAction.REGRESSION_ROWS, "study " + studyId + ", regression fit " + fit + ": " + r.rows().size()
                        + " patients' rows read through the consent-filtered view, kept in memory for the fit's next iterations while"
                        + " the store is unchanged");
            }
            rows = r.rows();
        }
        context.checkCancelled();
        return new TaskResult.SecureSumVector(RegressionContribution.of(spec, rows, beta, context.node().disclosure().minimumPatients()).toVector());
    }
}
