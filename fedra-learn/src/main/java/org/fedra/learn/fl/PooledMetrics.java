package org.fedra.learn.fl;

import java.util.Map;

/**
 * A model's metrics on the pooled held-out data of the nodes that evaluated it.
 *
 * @param n      examples evaluated (the hub rounds or suppresses it before release)
 * @param values metric name to value, e.g. {@code loss}, {@code accuracy}, {@code auc}
 */
public record PooledMetrics(double n, Map<String, Double> values) {
    public PooledMetrics {
        values = Map.copyOf(values);
    }

    /** The named metric, NaN when the family does not report it. */
    public double value(String name) {
        return values.getOrDefault(name, Double.NaN);
    }
}
