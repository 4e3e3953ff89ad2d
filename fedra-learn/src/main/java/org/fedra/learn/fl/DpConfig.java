package org.fedra.learn.fl;

/**
 * DP-FedAvg settings (McMahan et al. 2018): every node's delta is clipped to L2 norm {@code clipNorm}, the
 * nodes' deltas get EQUAL weight (example counts would leak), and Gaussian noise of standard deviation
 * {@code noiseMultiplier * clipNorm} is added to their sum: by the hub ({@code central}) or split over the k
 * nodes of the round, each adding {@code N(0, (noiseMultiplier * clipNorm)^2 / k)} ({@code distributed}, with
 * secure aggregation the hub never sees a less noisy value). The guarantee is node-level: one node's whole
 * contribution is protected. The accountant treats node sampling as Poisson with q = clientsPerRound / nodes.
 *
 * @param clipNorm L2 clipping bound C, {@code > 0}
 * @param noiseMultiplier sigma, {@code > 0}
 * @param noise "central" or "distributed"
 * @param delta target delta of the (epsilon, delta) report, in (0, 1)
 * @param epsilonBudget the job stops before a round would push epsilon above this, {@code > 0}
 */
public record DpConfig(double clipNorm, double noiseMultiplier, String noise, double delta, double epsilonBudget) {
    /** Whether the nodes add the noise themselves. */
    public boolean distributed() {
        return "distributed".equals(noise);
    }

    /** @throws JobConfigException naming the field under {@code dp} and its bounds */
    public void validate() {
        JobLimits.positive("dp.clipNorm", clipNorm, JobLimits.MAX_CLIP_NORM);
        JobLimits.positive("dp.noiseMultiplier", noiseMultiplier, JobLimits.MAX_NOISE_MULTIPLIER);
        if (!"central".equals(noise) && !"distributed".equals(noise)) {
            throw new JobConfigException("dp.noise", "must be 'central' or 'distributed', was '" + noise + "'");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new JobConfigException("dp.delta", "must lie in (0, 1), was " + delta);
        }
        JobLimits.positive("dp.epsilonBudget", epsilonBudget, JobLimits.MAX_EPSILON_BUDGET);
    }
}
