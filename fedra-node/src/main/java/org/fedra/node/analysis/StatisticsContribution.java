package org.fedra.node.analysis;

import java.util.ArrayList;
import java.util.List;
import org.fedra.protocol.analysis.StatisticsSpec;

/**
 * A node's input to a pooled descriptive statistic, laid out as {@link StatisticsSpec#vectorLength()} says:
 * count, sum, sum of squares, below-range count, histogram counts, above-range count, table cells. Only sums,
 * so that the secure sum of all nodes' vectors is exactly the vector of the pooled data.
 */
public final class StatisticsContribution {
    private StatisticsContribution() {}

    /** The variables the spec reads: the described one, then the table's second variable if any. */
    public static List<org.fedra.protocol.analysis.Variable> variables(StatisticsSpec spec) {
        List<org.fedra.protocol.analysis.Variable> vars = new ArrayList<>();
        vars.add(spec.variable());
        if (spec.by() != null) vars.add(spec.by());
        return vars;
    }

    /** The contribution of the rows ({@link PatientValues} read with {@link #variables}). */
    public static double[] of(StatisticsSpec spec, List<double[]> rows) {
        double[] v = new double[spec.vectorLength()];
        int bins = spec.bins();
        double[] edges = spec.edges();
        for (double[] row : rows) {
            double x = row[0];
            if (Double.isNaN(x)) continue;
            v[0] += 1;
            v[1] += x;
            v[2] += x * x;
            if (bins == 0) continue;
            int bin = bin(edges, x);
            // below-range at index 3, bins from 4, above-range after them
            v[4 + bin] += 1;
            if (spec.by() != null && bin >= 0 && bin < bins) {
                int category = category(spec.categories(), row[1]);
                if (category >= 0) {
                    v[spec.tableOffset() + bin * spec.categories().length + category] += 1;
                }
            }
        }
        return v;
    }

    /** -1 below the first edge, bins() above the last; the last bin includes its upper edge. */
    static int bin(double[] edges, double x) {
        if (x < edges[0]) return -1;
        int last = edges.length - 1;
        if (x > edges[last]) return last;
        for (int i = 1; i < last; i++) {
            if (x < edges[i]) return i - 1;
        }
        return last - 1;
    }

    private static int category(double[] categories, double y) {
        for (int i = 0; i < categories.length; i++) {
            if (categories[i] == y) return i;
        }
        return -1;
    }
}
