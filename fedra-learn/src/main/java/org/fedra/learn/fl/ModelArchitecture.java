package org.fedra.learn.fl;

/**
 * One model of a {@link ModelFamily} as hub and nodes agree on it: its parameters' layout and seeded initialisation,
 * the layout of the evaluation vector its nodes send, and how many input channels are standardised with pooled
 * statistics before training. To the federation a model is a flat vector of {@link #parameterCount()} doubles: secure
 * aggregation, the strategies and the robust rules work on that vector whatever the family.
 */
public interface ModelArchitecture {
    /** The name of the family it belongs to, e.g. {@code tabular}. */
    String family();

    /** The named tensors the flat parameter vector holds, in order. */
    ParameterLayout layout();

    /** Length of the flat parameter vector. */
    default int parameterCount() {
        return layout().parameterCount();
    }

    /** Initial parameters, the same for the same seed. */
    double[] initialParameters(long seed);

    /** What a node's evaluation vector holds, and how pooled vectors become metrics. */
    MetricLayout metricLayout();

    /**
     * Input channels standardised by pooled means and scales before training and evaluation (features of a table,
     * colour channels of an image); 0 when the family standardises nothing.
     */
    int standardisedInputs();
}
