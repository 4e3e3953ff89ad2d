package org.fedra.learn.fl;

/**
 * Trains a model of one family on one node's data starting from the global parameters. Implementations must be
 * deterministic for a given seed (a resumed job must reproduce an uninterrupted one), must not keep state between
 * calls, and must poll the {@link TrainingControl} between mini-batches.
 *
 * @param <A> the family's architecture
 * @param <D> the family's local data
 */
public interface Trainer<A extends ModelArchitecture, D> {
    /**
     * @param spec the architecture
     * @param globalParameters the current global model, not modified
     * @param local this node's (already standardised) examples
     * @param config epochs, batch size, learning rate and FedProx mu
     * @param seed the round's seed for this node (shuffling)
     * @param control polled between mini-batches
     * @return the parameter delta and the number of examples
     * @throws TrainingCancelledException when the control asks to stop
     */
    LocalUpdate train(A spec, double[] globalParameters, D local, TrainingConfig config, long seed,
            TrainingControl control);

    /** {@link #train(ModelArchitecture, double[], Object, TrainingConfig, long, TrainingControl)} without a stop. */
    default LocalUpdate train(A spec, double[] globalParameters, D local, TrainingConfig config, long seed) {
        return train(spec, globalParameters, local, config, seed, TrainingControl.NONE);
    }
}
