package org.fedra.learn.fl;

import java.util.Map;

/**
 * A family of models behind one interface: how its architectures are read from and written to JSON, how they train and
 * evaluate on a node's data, and how that data is standardised. Everything else (the round engine, the strategies,
 * secure aggregation, robust rules, DP) sees only flat parameter vectors, so a new family (an image classifier, a
 * segmentation network) needs only an implementation of this interface and its node-side data reader. Families are
 * registered in {@link ModelFamilies}.
 *
 * @param <A> its architecture type
 * @param <D> the type of one node's local data (a {@link Dataset} of rows, a batch of images...)
 */
public interface ModelFamily<A extends ModelArchitecture, D> {
    /** The family's name in model specifications ({@code "family": "tabular"}); lower-case letters, digits, '-'. */
    String name();

    /** The architecture class, for checked casts. */
    Class<A> architectureType();

    /** The local data class, for checked casts. */
    Class<D> dataType();

    /**
     * Reads an architecture from its JSON form (a JSON-like map, as Jackson's {@code convertValue(node, Map.class)}
     * yields); the {@code family} key, if present, is the registry's and is ignored here.
     *
     * @param path the JSON path of {@code json}, e.g. {@code $.model}
     * @throws ModelSpecException naming the path of the field that is unknown, malformed or out of bounds
     */
    A readArchitecture(Map<String, ?> json, String path);

    /** The JSON form {@link #readArchitecture} reads back, without the {@code family} key. */
    Map<String, Object> writeArchitecture(A architecture);

    /** The family's trainer. */
    Trainer<A, D> trainer();

    /** The family's evaluator. */
    Evaluator<A, D> evaluator();

    /** Number of examples in {@code data} (a node with too few declines to contribute). */
    int size(D data);

    /**
     * The summable statistics of the standardised inputs, {@code [n, sum_1..k, sumsq_1..k]} for
     * {@code k = spec.standardisedInputs()} (see {@link Standardisation#fromPooledSums}).
     */
    double[] standardisationSummands(A spec, D data);

    /** {@code data} with its inputs standardised by the pooled means and scales. */
    D standardise(A spec, Standardisation standardisation, D data);

    /**
     * {@code architecture} as this family's type.
     *
     * @throws IllegalArgumentException if it belongs to another family
     */
    default A cast(ModelArchitecture architecture) {
        if (!architectureType().isInstance(architecture)) {
            throw new IllegalArgumentException("model " + architecture + " is not of the " + name() + " family");
        }
        return architectureType().cast(architecture);
    }

    /**
     * {@code data} as this family's local data type.
     *
     * @throws IllegalArgumentException if it is another family's data
     */
    default D data(Object data) {
        if (!dataType().isInstance(data)) {
            throw new IllegalArgumentException("the " + name() + " family trains on " + dataType().getSimpleName()
                    + ", not on " + (data == null ? "nothing" : data.getClass().getSimpleName()));
        }
        return dataType().cast(data);
    }
}
