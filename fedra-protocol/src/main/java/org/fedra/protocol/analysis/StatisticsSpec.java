package org.fedra.protocol.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A descriptive-statistics request on one variable: count, mean, variance, optionally a histogram over the given
 * bin edges (ascending; values below the first or above the last edge are counted apart) and a contingency table
 * of those bins against the categories of a second variable.
 *
 * <p>JSON: {@code {"variable": {...}, "edges": [20, 40, 60, 80], "by": {...}, "categories": [0, 1]}}.
 *
 * @param variable   the variable described
 * @param edges      histogram bin edges, empty for none; bin i is [edges[i], edges[i+1]), the last bin closed
 * @param by         the second, categorical variable of the table, or null
 * @param categories the values of {@code by} that make the table's columns (patients with another value are left out)
 */
public record StatisticsSpec(Variable variable, double[] edges, Variable by, double[] categories) {

    /** Number of histogram bins (edges - 1, or 0). */
    public int bins() {
        return edges.length == 0 ? 0 : edges.length - 1;
    }

    /**
     * Length of a node's contribution vector: n, sum, sum of squares, below-range count, bins, above-range count,
     * then bins x categories table cells, row by row.
     */
    public int vectorLength() {
        return 3 + (bins() == 0 ? 0 : bins() + 2) + bins() * categories.length;
    }

    /** Index of the first histogram count (bin 0) in the vector; below-range sits just before it. */
    public int histogramOffset() {
        return 4;
    }

    /** Index of the first table cell in the vector. */
    public int tableOffset() {
        return 3 + bins() + 2;
    }

    /** Parses and checks a request; errors name the JSON path. */
    public static StatisticsSpec parse(JsonNode n) {
        if (n == null || !n.isObject()) throw new AnalysisSpecException("$", "the statistics request must be a JSON object");
        Variable variable = Variable.parse(n.get("variable"), "$.variable");
        double[] edges = Json.numbers(n, "edges", "$");
        if (edges.length == 1) throw new AnalysisSpecException("$.edges", "needs at least two edges (one bin)");
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new AnalysisSpecException("$.edges[" + i + "]", "edges must be strictly ascending");
            }
        }
        if (edges.length > 201) throw new AnalysisSpecException("$.edges", "at most 200 bins");
        Variable by = n.hasNonNull("by") ? Variable.parse(n.get("by"), "$.by") : null;
        double[] categories = Json.numbers(n, "categories", "$");
        if (by != null) {
            if (edges.length == 0) throw new AnalysisSpecException("$.edges", "a contingency table (by) needs histogram edges for its rows");
            if (categories.length == 0) throw new AnalysisSpecException("$.categories", "a contingency table (by) needs the categories of its columns");
            if (categories.length > 50) throw new AnalysisSpecException("$.categories", "at most 50 categories");
        } else if (categories.length > 0) {
            throw new AnalysisSpecException("$.categories", "categories are given without a by variable");
        }
        return new StatisticsSpec(variable, edges, by, categories);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("variable", variable.toJson());
        o.set("edges", Json.array(edges));
        if (by != null) {
            o.set("by", by.toJson());
            o.set("categories", Json.array(categories));
        }
        return o;
    }
}
