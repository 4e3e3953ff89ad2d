package org.fedra.learn.fl;

/**
 * One server step of a {@link Strategy}: from the current state and the round's aggregated (mean) delta to the
 * next state. Works on a mean obtained from a secure sum, a robust rule or DP-FedAvg alike.
 */
public final class ServerOptimizer {
    private final JobConfig config;

    public ServerOptimizer(JobConfig config) {
        this.config = config;
    }

    /** The state before the first round: the initial parameters, m = 0, and v = tau^2 (Reddi et al.). */
    public ServerState initial(double[] parameters) {
        double[] v = new double[parameters.length];
        if (config.strategy().adaptive()) {
            java.util.Arrays.fill(v, config.tau() * config.tau());
        }
        return new ServerState(0, parameters.clone(), new double[parameters.length], v);
    }

    /** The next state (round + 1) after applying {@code meanDelta}. */
    public ServerState step(ServerState state, double[] meanDelta) {
        double[] w = state.parameters().clone();
        if (meanDelta.length != w.length) {
            throw new IllegalArgumentException("mean delta has " + meanDelta.length + " entries, model has "
                    + w.length);
        }
        double eta = config.serverLearningRate();
        double[] m = state.firstMoment().clone();
        double[] v = state.secondMoment().clone();
        switch (config.strategy()) {
            case FEDAVG, FEDPROX -> {
                for (int k = 0; k < w.length; k++) {
                    w[k] += eta * meanDelta[k];
                }
            }
            case FEDADAM, FEDYOGI -> {
                double b1 = config.beta1();
                double b2 = config.beta2();
                for (int k = 0; k < w.length; k++) {
                    double d = meanDelta[k];
                    m[k] = b1 * m[k] + (1 - b1) * d;
                    double d2 = d * d;
                    v[k] = config.strategy() == Strategy.FEDADAM
                            ? b2 * v[k] + (1 - b2) * d2
                            : v[k] - (1 - b2) * d2 * Math.signum(v[k] - d2);
                    w[k] += eta * m[k] / (Math.sqrt(v[k]) + config.tau());
                }
            }
        }
        return new ServerState(state.round() + 1, w, m, v);
    }
}
