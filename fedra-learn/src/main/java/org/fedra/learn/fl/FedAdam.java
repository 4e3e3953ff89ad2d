package org.fedra.learn.fl;

import java.util.Arrays;

/**
 * FedAdam (Reddi et al. 2021, "Adaptive Federated Optimization"): the negated mean delta is a pseudo-gradient for an
 * Adam-style server optimiser with first moment {@code m}, second moment {@code v} (starting at tau^2) and regulariser
 * tau, kept in the {@link ServerState}. Subclasses change only how {@code v} moves.
 */
public class FedAdam extends FedAvg {
    private final double beta1;
    private final double beta2;
    private final double tau;

    public FedAdam(JobConfig config, int nodeCount) {
        super(config, nodeCount);
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.tau = config.tau();
    }

    @Override
    public ServerState initialState(double[] initialParameters) {
        double[] v = new double[initialParameters.length];
        Arrays.fill(v, tau * tau);
        return new ServerState(0, initialParameters.clone(), new double[initialParameters.length], v);
    }

    @Override
    public ServerState applyUpdate(ServerState state, double[] meanDelta) {
        double[] w = state.parameters().clone();
        checkLength(w, meanDelta);
        double[] m = state.firstMoment().clone();
        double[] v = state.secondMoment().clone();
        double eta = serverLearningRate();
        for (int k = 0; k < w.length; k++) {
            double d = meanDelta[k];
            m[k] = beta1 * m[k] + (1 - beta1) * d;
            v[k] = secondMoment(v[k], d * d, beta2);
            w[k] += eta * m[k] / (Math.sqrt(v[k]) + tau);
        }
        return new ServerState(state.round() + 1, w, m, v);
    }

    /** Adam's second moment: {@code beta2 * v + (1 - beta2) * d^2}. */
    protected double secondMoment(double v, double squaredDelta, double beta2) {
        return beta2 * v + (1 - beta2) * squaredDelta;
    }
}
