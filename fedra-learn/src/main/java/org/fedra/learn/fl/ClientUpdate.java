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
     * {@link #compute(NodeInstructions, Object, Trainer, RandomGenerator, TrainingControl)} without a stop signal.
     */
    public static <A extends ModelArchitecture, D> double[] compute(NodeInstructions instructions, D local,
            Trainer<A, D> trainer, RandomGenerator noise) {
        return compute(instructions, local, trainer, noise, TrainingControl.NONE);
    }

    /**
     * @param instructions what the hub sent; its model must be of the trainer's family
     * @param local the node's standardised training data (consent-filtered by the caller)
     * @param trainer the trainer of the model's family
     * @param noise the node's own noise source for distributed DP (a SecureRandom in production); unused otherwise
     * @param control polled by the trainer between mini-batches
     * @throws TrainingCancelledException when the control asks to stop
     */
    public static <A extends ModelArchitecture, D> double[] compute(NodeInstructions instructions, D local,
            Trainer<A, D> trainer, RandomGenerator noise, TrainingControl control) {
        @SuppressWarnings("unchecked") // the plan carries the architecture of the job's family, whose trainer this is
        A model = (A) instructions.model();
        LocalUpdate update = trainer.train(model, instructions.globalParameters(), local,
                instructions.training(), instructions.seed(), control);
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
