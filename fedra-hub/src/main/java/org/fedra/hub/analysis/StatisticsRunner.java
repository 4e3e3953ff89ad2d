package org.fedra.hub.analysis;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedra.hub.study.Participants;
import org.fedra.protocol.analysis.builtin.StatisticsAnalysis;
import org.fedra.privacy.disclosure.CellSuppression;
import org.fedra.privacy.disclosure.ContingencyTable;
import org.fedra.privacy.disclosure.SuppressedTable;
import org.fedra.protocol.analysis.SecureSumStart;
import org.fedra.protocol.analysis.StatisticsSpec;

/**
 * Pooled descriptive statistics of one variable over the nodes of a study, from one secure sum of the nodes'
 * count, sum, sum of squares, histogram and table cells. What is released: the count (rounded; below the minimum
 * cell size it is suppressed together with every figure derived from it), mean, variance and standard deviation
 * (rounded to a step fixed by the released count, {@link ReleasePrecision}),
 * coarsened minimum and maximum (the edges of the first and last histogram bins whose cumulative count reaches the
 * minimum cell size), quartiles interpolated linearly within the bins of the pooled histogram (withheld when they fall
 * outside the edges or in a bin below the minimum cell size), and the histogram
 * and contingency table with primary and secondary cell suppression and rounding. The release is recorded with the
 * study ({@link AnalysisContext#recordRelease}) before it is returned.
 */
public final class StatisticsRunner implements AnalysisRunner<StatisticsSpec> {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final double[] QUANTILES = {0.25, 0.5, 0.75};

    private final ReleaseRules rules;

    /** A runner under the hub's default release rules. */
    public StatisticsRunner() {
        this(ReleaseRules.defaults());
    }

    public StatisticsRunner(ReleaseRules rules) {
        this.rules = rules;
    }

    @Override
    public String analysis() {
        return StatisticsAnalysis.NAME;
    }

    /** Runs the statistics of a study and returns the released figures (JSON, as recorded). */
    @Override
    public ObjectNode run(StatisticsSpec spec, AnalysisContext context) {
        Participants p = context.participants();
        SecureSum.Result r = context.secureSum().run(context.studyId(), analysis(), p.nodes(), SecureSumStart.statistics(spec),
                spec.vectorLength(), p.study().allowPartial());
        ObjectNode out = release(spec, r.sum());
        ObjectNode guarantee = out.putObject("guarantee");
        guarantee.put("minimumCellSize", rules.minimumCell()).put("roundingBase", rules.roundingBase())
                .put("secureAggregation", "the hub saw only masked node inputs and their sum, never a single node's figures")
                .put("quantiles", "interpolated linearly within the bins of the pooled histogram; null when outside the edges or in a bin"
                        + " of fewer than " + rules.minimumCell() + " patients")
                .put("perNodeMinimum", "a node with fewer than its minimum cell size of usable patients, none included, contributes zeros:"
                        + " its few patients are in no sum that another study's could be subtracted from");
        ArrayNode in = guarantee.putArray("includedNodes");
        r.included().forEach(in::add);
        ObjectNode ex = guarantee.putObject("excludedNodes");
        p.excluded().forEach(ex::put);
        r.excluded().forEach(ex::put);
        context.recordRelease("statistics of " + spec.variable().name() + " over " + r.included().size() + " nodes", out);
        return out;
    }

    /** The released figures for a pooled vector (pure; exposed for tests). */
    ObjectNode release(StatisticsSpec spec, double[] sum) {
        ObjectNode out = JSON.createObjectNode().put("variable", spec.variable().name());
        long n = Math.round(sum[0]);
        boolean suppressed = n == 0 || rules.suppressed(n);
        if (suppressed) {
            out.putNull("count");
            out.put("suppressed", "fewer than " + rules.minimumCell() + " patients (or none): no figure is released");
            return out;
        }
        long released = rules.round(n);
        out.put("count", released);
        // exact figures would give the exact n and sums back (by themselves, or subtracted across studies): every figure
        // below is rounded to a step fixed by the released count (ReleasePrecision)
        ReleasePrecision precision = new ReleasePrecision(Math.max(1, released));
        double mean = sum[1] / n;
        double variance = n > 1 ? Math.max(0, (sum[2] - sum[1] * sum[1] / n) / (n - 1)) : Double.NaN;
        double sd = n > 1 ? Math.sqrt(variance) : Math.abs(mean);
        out.put("mean", precision.round(mean, sd));
        if (n > 1) {
            double releasedVariance = precision.round(variance, variance);
            out.put("variance", releasedVariance).put("sd", precision.round(Math.sqrt(releasedVariance), sd));
        }
        out.put("precision", "mean, variance, sd and quantiles are rounded to a step fixed by the released count: a power of ten"
                + " at or above " + (int) ReleasePrecision.PATIENTS + " patients' contribution, so the exact count and sums cannot be"
                + " worked back");
        int bins = spec.bins();
        if (bins == 0) {
            return out;
        }
        double[] edges = spec.edges();
        long[] cells = new long[bins + 2]; // below, bins..., above
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Math.round(sum[3 + i]);
        }
        coarseExtremes(out, edges, cells);
        quantiles(out, edges, cells, n, precision);
        histogram(out, edges, cells);
        if (spec.by() != null) {
            table(out, spec, sum);
        }
        return out;
    }

    private void coarseExtremes(ObjectNode out, double[] edges, long[] cells) {
        long cumulative = 0;
        Double min = null;
        for (int i = 0; i < cells.length; i++) {
            cumulative += cells[i];
            if (cumulative >= rules.minimumCell()) {
                min = i == 0 || i == cells.length - 1 ? null : edges[i - 1];
                break;
            }
        }
        cumulative = 0;
        Double max = null;
        for (int i = cells.length - 1; i >= 0; i--) {
            cumulative += cells[i];
            if (cumulative >= rules.minimumCell()) {
                max = i == 0 || i == cells.length - 1 ? null : edges[i];
                break;
            }
        }
        ObjectNode c = out.putObject("coarsened");
        c.put("explanation", "min is the lower edge of the first bin, max the upper edge of the last bin, whose cumulative count "
                + "reaches " + rules.minimumCell() + "; null when that falls outside the edges");
        if (min == null) c.putNull("min"); else c.put("min", min);
        if (max == null) c.putNull("max"); else c.put("max", max);
    }

    private void quantiles(ObjectNode out, double[] edges, long[] cells, long n, ReleasePrecision precision) {
        ObjectNode q = out.putObject("quantiles");
        for (double p : QUANTILES) {
            double target = p * n;
            long before = cells[0];
            String key = String.format(Locale.ROOT, "%.2f", p);
            Double value = null;
            if (before < target) {
                for (int b = 1; b < cells.length - 1; b++) {
                    if (before + cells[b] >= target) {
                        // interpolating inside a bin of a few patients would describe those few: not released
                        if (!rules.suppressed(cells[b])) {
                            double width = edges[b] - edges[b - 1];
                            // one patient moves it by about width / cells[b]: the step hides about ten of them
                            value = precision.round(edges[b - 1] + (target - before) / cells[b] * width,
                                    width * precision.releasedCount() / cells[b]);
                        }
                        break;
                    }
                    before += cells[b];
                }
            }
            if (value == null) q.putNull(key); else q.put(key, value);
        }
    }

    private void histogram(ObjectNode out, double[] edges, long[] cells) {
        List<String> labels = new ArrayList<>();
        labels.add("< " + num(edges[0]));
        for (int b = 0; b + 1 < edges.length; b++) {
            labels.add("[" + num(edges[b]) + ", " + num(edges[b + 1]) + (b + 2 == edges.length ? "]" : ")"));
        }
        labels.add("> " + num(edges[edges.length - 1]));
        SuppressedTable t = new CellSuppression(rules.rule()).suppress(new ContingencyTable(List.of("count"), labels, new long[][] {cells}));
        ArrayNode h = out.putArray("histogram");
        for (int i = 0; i < labels.size(); i++) {
            ObjectNode bin = h.addObject().put("bin", labels.get(i));
            if (i > 0 && i < labels.size() - 1) {
                bin.put("from", edges[i - 1]).put("to", edges[i]);
            }
            publish(bin, "count", t, 0, i);
        }
    }

    private void table(ObjectNode out, StatisticsSpec spec, double[] sum) {
        int bins = spec.bins();
        int cats = spec.categories().length;
        long[][] counts = new long[bins][cats];
        for (int b = 0; b < bins; b++) {
            for (int c = 0; c < cats; c++) {
                counts[b][c] = Math.round(sum[spec.tableOffset() + b * cats + c]);
            }
        }
        List<String> rows = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            rows.add("[" + num(spec.edges()[b]) + ", " + num(spec.edges()[b + 1]) + (b + 1 == bins ? "]" : ")"));
        }
        List<String> cols = new ArrayList<>();
        for (double c : spec.categories()) cols.add(spec.by().name() + " = " + num(c));
        SuppressedTable t = new CellSuppression(rules.rule()).suppress(new ContingencyTable(rows, cols, counts));
        ObjectNode table = out.putObject("table");
        ArrayNode rl = table.putArray("rows");
        rows.forEach(rl::add);
        ArrayNode cl = table.putArray("columns");
        cols.forEach(cl::add);
        ArrayNode cells = table.putArray("cells");
        for (int r = 0; r < bins; r++) {
            ArrayNode row = cells.addArray();
            for (int c = 0; c < cats; c++) {
                ObjectNode cell = JSON.createObjectNode();
                publish(cell, "count", t, r, c);
                row.add(cell.get("count"));
            }
        }
        ArrayNode rowTotals = table.putArray("rowTotals");
        for (int r = 0; r < bins; r++) {
            ObjectNode cell = JSON.createObjectNode();
            publish(cell, "count", t, r, cats);
            rowTotals.add(cell.get("count"));
        }
        ArrayNode colTotals = table.putArray("columnTotals");
        for (int c = 0; c < cats; c++) {
            ObjectNode cell = JSON.createObjectNode();
            publish(cell, "count", t, bins, c);
            colTotals.add(cell.get("count"));
        }
        table.put("suppressedCells", "null: suppressed (below " + rules.minimumCell() + ", or to protect such a cell through the margins)");
    }

    private void publish(ObjectNode into, String field, SuppressedTable t, int row, int column) {
        var v = t.published(row, column);
        if (v.isPresent()) into.put(field, rules.round(v.getAsLong())); else into.putNull(field);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
