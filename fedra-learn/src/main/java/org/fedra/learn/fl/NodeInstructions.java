package org.fedra.learn.fl;

/**
 * What the hub sends one node for one round: a strategy's "fit instructions". The node trains with
 * {@link ClientUpdate#compute} and returns the resulting vector.
 *
 * @param round the round being run (0-based: rounds completed before it)
 * @param nodeId the node it is for
 * @param model the architecture
 * @param globalParameters the current global model
 * @param training local epochs, batch size, learning rate, FedProx mu
 * @param seed the node's seed for this round (local shuffling), derived from (job seed, round, node id)
 * @param clipNorm DP-FedAvg clipping bound, 0 when the job has no DP
 * @param noiseStd Gaussian noise the NODE adds to its clipped delta (distributed DP), else 0
 */
public record NodeInstructions(int round, String nodeId, ModelArchitecture model, double[] globalParameters,
        TrainingConfig training, long seed, double clipNorm, double noiseStd) {

    /** Whether the node must clip (and return an unweighted delta) for DP-FedAvg. */
    public boolean differentiallyPrivate() {
        return clipNorm > 0;
    }
}
