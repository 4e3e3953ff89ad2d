package org.fedra.learn.fl;

/**
 * FedYogi (Reddi et al. 2021): FedAdam whose second moment moves additively,
 * {@code v - (1 - beta2) * d^2 * sign(v - d^2)}, so it grows more slowly when updates are large.
 */
public class FedYogi extends FedAdam {
    public FedYogi(JobConfig config, int nodeCount) {
        super(config, nodeCount);
    }

    @Override
    protected double secondMoment(double v, double squaredDelta, double beta2) {
        return v - (1 - beta2) * squaredDelta * Math.signum(v - squaredDelta);
    }
}
