package org.fedra.hub.analysis;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;
import org.fedra.protocol.analysis.builtin.RegressionAnalysis;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.learn.regression.FederatedNewton;
import org.fedra.learn.regression.LocalContribution;
import org.fedra.learn.regression.RegressionFamily;
import org.fedra.learn.regression.RegressionResult;
import org.fedra.protocol.analysis.RegressionSpec;
import org.fedra.protocol.analysis.SecureSumStart;
import org.fedra.protocol.analysis.Variable;

/**
 * Exact federated regression over a study's nodes: {@link FederatedNewton} drives the fit, and each Newton
 * iteration is one {@link SecureSum} of the nodes' {@link LocalContribution} vectors at the current coefficients, so
 * the hub sees only pooled gradients, Hessians and log-likelihoods. The coefficients equal a pooled fit on the same
 * complete-case rows.
 *
 * <p>When a node drops out mid-fit and the study allows partial results, the fit restarts from zero on the nodes
 * that remain (earlier iterations summed a different population); the result then equals the pooled fit of those
 * nodes and lists the dropped one with its reason. Without partial results it fails with the reason.
 */
public final class RegressionRunner implements AnalysisRunner<RegressionSpec> {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    /** A fit and who it is of. */
    public record Outcome(RegressionResult result, List<String> included, Map<String, String> excluded, int secureSums) {}

    private final ReleaseRules rules;

    /** A runner under the hub's default release rules. */
    public RegressionRunner() {
        this(ReleaseRules.defaults());
    }

    public RegressionRunner(ReleaseRules rules) {
        this.rules = rules;
    }

    @Override
    public String analysis() {
        return RegressionAnalysis.NAME;
    }

    /** Fits the model, records the release and returns the released figures as JSON. */
    @Override
    public ObjectNode run(RegressionSpec spec, AnalysisContext context) {
        Outcome o = fit(spec, context);
        ObjectNode out = release(spec, o);
        context.recordRelease(spec.family() + " regression of " + spec.outcome().name() + " on " + spec.predictors().size()
                + " predictors over " + o.included().size() + " nodes", out);
        return out;
    }

    /** The fit itself, before disclosure control. */
    Outcome fit(RegressionSpec spec, AnalysisContext context) {
        Participants p = context.participants();
        boolean allowPartial = p.study().allowPartial();
        RegressionFamily family = spec.logistic() ? RegressionFamily.LOGISTIC : RegressionFamily.LINEAR;
        List<String> names = spec.predictors().stream().map(Variable::name).toList();
        int parameters = names.size() + 1;
        int values = LocalContribution.vectorLength(parameters);
        Map<String, String> excluded = new LinkedHashMap<>(p.excluded());
        List<String> nodes = p.nodes();
        int[] sums = {0};
        for (int attempt = 0; ; attempt++) {
            List<String> current = nodes;
            boolean restarted = attempt > 0;
            String fitId = java.util.UUID.randomUUID().toString();
            FederatedNewton newton = new FederatedNewton(family, names, spec.maxIterations());
            try {
                RegressionResult result = newton.fit(beta -> {
                    sums[0]++;
                    context.progress(sums[0], spec.maxIterations(), "Newton evaluation " + sums[0] + " (at most " + spec.maxIterations()
                            + (restarted ? ", fit restarted without the dropped nodes" : "") + ")");
                    SecureSum.Result r = context.secureSum().run(context.studyId(), analysis(), current,
                            SecureSumStart.regression(spec, beta, fitId), values, allowPartial);
                    if (!r.included().containsAll(current)) {
                        throw new NodesDropped(r.included(), r.excluded());
                    }
                    return LocalContribution.fromVector(family, parameters, r.sum());
                });
                return new Outcome(result, current, excluded, sums[0]);
            } catch (NodesDropped d) {
                excluded.putAll(d.excluded);
                nodes = d.remaining;
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new StudyException(FailureReason.CONFLICT, "the regression cannot be fitted: " + e.getMessage());
            }
        }
    }

    private ObjectNode release(RegressionSpec spec, Outcome o) {
        RegressionResult r = o.result();
        if (rules.suppressed(r.n())) {
            throw new StudyException(FailureReason.DISCLOSURE, "the regression used fewer than " + rules.minimumCell()
                    + " patients in total; no figure is released");
        }
        ObjectNode out = JSON.createObjectNode().put("family", spec.family()).put("outcome", spec.outcome().name())
                .put("n", rules.round(r.n())).put("converged", r.converged()).put("iterations", r.iterations())
                .put("deviance", r.deviance()).put("logLikelihood", r.logLikelihood());
        ArrayNode terms = out.putArray("coefficients");
        for (int i = 0; i < r.terms().size(); i++) {
            terms.addObject().put("term", r.terms().get(i)).put("estimate", r.coefficients()[i])
                    .put("standardError", r.standardErrors()[i]).put(spec.logistic() ? "z" : "t", r.statistics()[i])
                    .put("p", r.pValues()[i]).put("lower95", r.lower()[i]).put("upper95", r.upper()[i]);
        }
        // the package's table prints n exactly; the released header carries the rounded count instead
        // (and the residual degrees of freedom n - p, which would give n away, are shown rounded the same way)
        long df = r.residualDegreesOfFreedom();
        out.put("table", r.toTable().replaceFirst("n = " + r.n(), "n = " + rules.round(r.n()) + " (rounded to " + rules.roundingBase() + ")")
                .replace("on " + df + " degrees of freedom", "on about " + rules.round(df) + " degrees of freedom (rounded)"));
        ObjectNode g = out.putObject("guarantee");
        g.put("minimumCellSize", rules.minimumCell()).put("roundingBase", rules.roundingBase())
                .put("secureAggregation", "each of the " + o.secureSums() + " Newton evaluations summed the nodes' gradients and "
                        + "Hessians by secure aggregation; the hub saw no single node's figures")
                .put("nodeMinimum", "a node with fewer complete rows than its minimum cell size (but more than none) declines");
        ArrayNode in = g.putArray("includedNodes");
        o.included().forEach(in::add);
        ObjectNode ex = g.putObject("excludedNodes");
        o.excluded().forEach(ex::put);
        return out;
    }

    /** A secure sum of this fit lost nodes: the fit restarts without them. */
    private static final class NodesDropped extends RuntimeException {
        final List<String> remaining;
        final Map<String, String> excluded;

        NodesDropped(List<String> remaining, Map<String, String> excluded) {
            super(null, null, false, false);
            this.remaining = new ArrayList<>(remaining);
            this.excluded = excluded;
        }
    }
}
