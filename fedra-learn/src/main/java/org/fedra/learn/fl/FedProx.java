package org.fedra.learn.fl;

/**
 * FedProx (Li et al. 2020): FedAvg whose nodes add the proximal term {@code mu/2 * ||w - w_global||^2} to their local
 * loss, which keeps heterogeneous nodes from drifting far from the global model.
 */
public class FedProx extends FedAvg {
    public FedProx(JobConfig config, int nodeCount) {
        super(config, nodeCount);
    }

    @Override
    protected double proximalWeight(JobConfig config) {
        return config.mu();
    }
}
