package org.fedra.learn.fl;

/**
 * Evaluates a model of one family on one node's (held-out, standardised) data as the summable vector its
 * {@link MetricLayout} describes. The vector holds only totals, but those of a small node come close to
 * patient-level: send it through secure aggregation.
 *
 * @param <A> the family's architecture
 * @param <D> the family's local data
 */
@FunctionalInterface
public interface Evaluator<A extends ModelArchitecture, D> {
    /** The evaluation vector, of {@code spec.metricLayout().length()} entries. */
    double[] evaluate(A spec, double[] parameters, D data);
}
