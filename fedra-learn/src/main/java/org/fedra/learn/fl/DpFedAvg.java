package org.fedra.learn.fl;

import java.util.random.RandomGenerator;
import org.fedra.privacy.dp.Clipping;

/**
 * The DP-FedAvg mechanism's pieces (see {@link DpConfig}): L2 clipping of a node's delta and the Gaussian noise
 * added to the sum of clipped deltas, either all by the hub (central) or in k equal shares by the nodes
 * (distributed). Noise must come from a generator the other side cannot reproduce: production code passes
 * a {@link java.security.SecureRandom}; only simulations pass seeded generators.
 */
public final class DpFedAvg {
    private DpFedAvg() {
    }

    /** {@code delta} scaled down to L2 norm at most {@code clipNorm}. */
    public static double[] clip(double[] delta, double clipNorm) {
        return Clipping.l2(delta, clipNorm);
    }

    /** Standard deviation of the noise on the sum: {@code noiseMultiplier * clipNorm}. */
    public static double sumNoiseStd(DpConfig dp) {
        return dp.noiseMultiplier() * dp.clipNorm();
    }

    /** Standard deviation of one node's share when k nodes add the noise: {@code sigma C / sqrt(k)}. */
    public static double nodeNoiseStd(DpConfig dp, int nodesInRound) {
        return sumNoiseStd(dp) / Math.sqrt(nodesInRound);
    }

    /** Adds independent {@code N(0, std^2)} to every entry of {@code v} in place and returns it. */
    public static double[] addGaussian(double[] v, double std, RandomGenerator noise) {
        for (int k = 0; k < v.length; k++) {
            v[k] += std * noise.nextGaussian();
        }
        return v;
    }
}
