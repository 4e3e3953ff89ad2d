package org.fedra.learn.fl;

/**
 * Trains a model on one node's data starting from the global parameters. Implementations must be
 * deterministic for a given seed (a resumed job must reproduce an uninterrupted one) and must not keep state
 * between calls. {@link TabularTrainer} is the tabular one; an image trainer (DJL) will implement the same.
 */
public interface Trainer {
    /**
     * @param spec the architecture
     * @param globalParameters the current global model, not modified
     * @param local this node's (already standardised) examples
     * @param config epochs, batch size, learning rate and FedProx mu
     * @param seed the round's seed for this node (shuffling)
     * @return the parameter delta and the number of examples
     */
    LocalUpdate train(ModelSpec spec, double[] globalParameters, Dataset local, TrainingConfig config, long seed);
}
