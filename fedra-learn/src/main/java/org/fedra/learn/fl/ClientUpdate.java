package org.fedra.learn.fl;

import java.util.random.RandomGenerator;

/**
 * A node's side of a round: trains locally and builds the vector it sends the hub, of length
 * {@code parameterCount + 1}. Without DP it is {@code [n * delta..., n]}, so the secure sum of all nodes'
 * vectors gives the example-weighted mean delta. With DP it is {@code [clip(delta) + nodeNoise..., 1]}:
 * equal weights (example counts would leak) and, for distributed noise, the node's noise share.
 */
public final class ClientUpdate {
    private ClientUpdate() {
    }

    /**
     * @param instructions what the hub sent
     * @param local the node's standardised training data (consent-filtered by the caller)
     * @param trainer the trainer for the model kind
     * @param noise the node's own noise source for distributed DP (a SecureRandom in production); unused otherwise
     */
    public static double[] compute(NodeInstructions instructions, Dataset local, Trainer trainer,
            RandomGenerator noise) {
        LocalUpdate update = trainer.train(instructions.model(), instructions.globalParameters(), local,
                instructions.training(), instructions.seed());
        double[] delta = update.delta();
        double[] v = new double[delta.length + 1];
        if (instructions.differentiallyPrivate()) {
            double[] clipped = DpFedAvg.clip(delta, instructions.clipNorm());
            if (instructions.noiseStd() > 0) {
                if (noise == null) {
                    throw new IllegalArgumentException("round " + instructions.round() + " asks node "
                            + instructions.nodeId() + " to add distributed DP noise, but no noise source was given");
                }
                DpFedAvg.addGaussian(clipped, instructions.noiseStd(), noise);
            }
            System.arraycopy(clipped, 0, v, 0, clipped.length);
            v[delta.length] = 1;
        } else {
            for (int k = 0; k < delta.length; k++) {
                v[k] = update.examples() * delta[k];
            }
            v[delta.length] = update.examples();
        }
        return v;
    }
}
