package org.fedra.learn.fl;

/**
 * What a node needs to train locally in one round.
 *
 * @param localEpochs passes over the local data, {@code >= 1}
 * @param batchSize mini-batch size, {@code >= 1} (the last batch of an epoch may be smaller)
 * @param learningRate SGD step size, {@code > 0}
 * @param mu FedProx proximal weight ({@code mu/2 * ||w - w_global||^2} added to the local loss); 0 is FedAvg
 */
public record TrainingConfig(int localEpochs, int batchSize, double learningRate, double mu) {
    public TrainingConfig {
        if (localEpochs < 1) {
            throw new IllegalArgumentException("localEpochs must be >= 1, was " + localEpochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, was " + learningRate);
        }
        if (!(mu >= 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("mu must be >= 0 and finite, was " + mu);
        }
    }

    /**
     * This configuration, checked against the bounds of a job ({@link JobLimits}): a node refuses to train for longer
     * than any job may ask, whatever it was sent.
     *
     * @throws JobConfigException naming the field and its bounds
     */
    public TrainingConfig withinJobLimits() {
        JobLimits.whole("localEpochs", localEpochs, 1, JobLimits.MAX_LOCAL_EPOCHS);
        JobLimits.whole("batchSize", batchSize, 1, JobLimits.MAX_BATCH_SIZE);
        JobLimits.positive("learningRate", learningRate, JobLimits.MAX_LEARNING_RATE);
        JobLimits.nonNegative("mu", mu, JobLimits.MAX_MU);
        return this;
    }
}
