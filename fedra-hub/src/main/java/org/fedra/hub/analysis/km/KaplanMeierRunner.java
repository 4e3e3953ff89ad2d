package org.fedra.hub.analysis.km;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fedra.hub.analysis.AnalysisContext;
import org.fedra.hub.analysis.AnalysisRunner;
import org.fedra.hub.analysis.ReleaseRules;
import org.fedra.hub.analysis.SecureSum;
import org.fedra.hub.study.Participants;
import org.fedra.protocol.analysis.km.KaplanMeierAnalysis;
import org.fedra.protocol.analysis.km.KaplanMeierSpec;
import org.fedra.protocol.json.JsonCodec;

/**
 * A federated Kaplan-Meier table: one secure sum of the nodes' per-interval counts (at risk, events), then the
 * product-limit curve on the pooled counts with Greenwood's variance and a 95% confidence interval on the log(-log)
 * scale (which stays within 0 and 1). Release rules: adjacent intervals are merged until each row has no event or at
 * least the minimum cell size of them, and the table ends where fewer than that many patients are still at risk; the
 * counts shown are rounded.
 */
public final class KaplanMeierRunner implements AnalysisRunner<KaplanMeierSpec> {
    private static final double Z95 = 1.959963984540054;
    private final ReleaseRules rules;

    public KaplanMeierRunner() {
        this(ReleaseRules.defaults());
    }

    public KaplanMeierRunner(ReleaseRules rules) {
        this.rules = rules;
    }

    @Override
    public String analysis() {
        return KaplanMeierAnalysis.NAME;
    }

    @Override
    public ObjectNode run(KaplanMeierSpec spec, AnalysisContext context) {
        Participants p = context.participants();
        ObjectNode computation = JsonCodec.object().put("kind", KaplanMeierAnalysis.NAME);
        computation.set("spec", spec.toJson());
        SecureSum.Result r = context.secureSum().run(context.studyId(), analysis(), p.nodes(), computation, spec.vectorLength(),
                p.study().allowPartial());
        ObjectNode out = table(spec, r.sum());
        ObjectNode guarantee = (ObjectNode) out.get("guarantee");
        ArrayNode in = guarantee.putArray("includedNodes");
        r.included().forEach(in::add);
        ObjectNode ex = guarantee.putObject("excludedNodes");
        p.excluded().forEach(ex::put);
        r.excluded().forEach(ex::put);
        context.recordRelease("Kaplan-Meier table of " + spec.time().name() + " to " + spec.event().name() + " over " + r.included().size()
                + " nodes", out);
        return out;
    }

    /** The released table of pooled sums (pure: the same on a pooled vector computed in one place). */
    public ObjectNode table(KaplanMeierSpec spec, double[] sum) {
        ObjectNode out = JsonCodec.object().put("time", spec.time().name()).put("event", spec.event().name());
        long n = Math.round(sum[0]);
        out.put("n", rules.suppressed(n) ? null : rules.round(n));
        ArrayNode rows = out.putArray("rows");
        double survival = 1;
        double greenwood = 0;
        double[] edges = spec.edges();
        int j = 0;
        String end = "the grid's last edge";
        while (j < spec.intervals()) {
            long atRisk = Math.round(sum[1 + 2 * j]);
            if (rules.suppressed(atRisk) || atRisk == 0) {
                end = "fewer than " + rules.minimumCell() + " patients at risk from " + num(edges[j]);
                break;
            }
            // merge intervals until the row's events are none or at least the minimum cell size
            long events = 0;
            int last = j;
            while (true) {
                events += Math.round(sum[2 + 2 * last]);
                if (!rules.suppressed(events) || last == spec.intervals() - 1) break;
                last++;
            }
            if (rules.suppressed(events)) {
                end = "fewer than " + rules.minimumCell() + " events after " + num(edges[j]);
                break;
            }
            survival *= 1 - (double) events / atRisk;
            if (events > 0 && events < atRisk) greenwood += (double) events / ((double) atRisk * (atRisk - events));
            ObjectNode row = rows.addObject().put("from", edges[j]).put("to", edges[last + 1]).put("atRisk", rules.round(atRisk))
                    .put("events", rules.round(events)).put("survival", survival);
            if (survival > 0 && survival < 1) {
                row.put("standardError", survival * Math.sqrt(greenwood));
                double spread = Z95 * Math.sqrt(greenwood) / Math.abs(Math.log(survival));
                double centre = Math.log(-Math.log(survival));
                row.put("lower95", Math.exp(-Math.exp(centre + spread))).put("upper95", Math.exp(-Math.exp(centre - spread)));
            } else {
                row.put("standardError", 0.0).put("lower95", survival).put("upper95", survival);
            }
            j = last + 1;
        }
        ObjectNode g = out.putObject("guarantee");
        g.put("minimumCellSize", rules.minimumCell()).put("roundingBase", rules.roundingBase())
                .put("secureAggregation", "the hub saw only masked node vectors and their sum; no single node's counts")
                .put("coarsening", "adjacent intervals are merged until each row has no event or at least " + rules.minimumCell()
                        + "; the table ends at " + end + "; counts are rounded, survival is computed from the unrounded pooled counts");
        return out;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
