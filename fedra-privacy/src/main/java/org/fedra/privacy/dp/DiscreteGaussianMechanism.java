package org.fedra.privacy.dp;

import java.util.random.RandomGenerator;

/**
 * The discrete Gaussian mechanism for integer-valued vector queries: adds independent
 * {@link DiscreteGaussian} noise {@code N_Z(0, σ²)} to every coordinate. If the query changes by
 * at most {@code Δ2} in L2 norm between neighbouring data sets, each release satisfies
 * {@code ρ}-zCDP with {@code ρ = Δ2²/(2σ²)}, i.e. {@code (α, αρ)}-RDP at every order
 * (Canonne, Kamath, Steinke 2020, Theorem 4 and Proposition 5; Rényi divergence adds over
 * independent coordinates). {@link #guarantee(double)} converts that to {@code (ε, δ)}.
 */
public final class DiscreteGaussianMechanism {
    private final double sigma;
    private final double l2Sensitivity;
    private final DiscreteGaussian noise;

    /**
     * @param sigma the noise scale, {@code > 0}
     * @param l2Sensitivity the L2 sensitivity of the integer query, {@code > 0}
     */
    public DiscreteGaussianMechanism(double sigma, double l2Sensitivity) {
        if (!(l2Sensitivity > 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("L2 sensitivity must be positive and finite, was " + l2Sensitivity);
        }
        this.noise = DiscreteGaussian.withSigma(sigma);
        this.sigma = sigma;
        this.l2Sensitivity = l2Sensitivity;
    }

    public double sigma() {
        return sigma;
    }

    public double l2Sensitivity() {
        return l2Sensitivity;
    }

    /** The zCDP parameter {@code ρ = Δ2²/(2σ²)} of one release. */
    public double rho() {
        return l2Sensitivity * l2Sensitivity / (2 * sigma * sigma);
    }

    /** The privacy loss of one release, to charge on a {@link PrivacyBudget}. */
    public RdpCurve cost(double[] orders) {
        return RdpCurve.zcdp(rho(), orders);
    }

    /** The {@code (ε, δ)} guarantee of one release, converted over {@link RdpCurve#DEFAULT_ORDERS}. */
    public EpsilonDelta guarantee(double delta) {
        return cost(RdpCurve.DEFAULT_ORDERS).epsilon(delta);
    }

    /** The noisy value of a scalar integer query. */
    public long release(long value, RandomGenerator rng) {
        return Math.addExact(value, noise.sampleLong(rng));
    }

    /** The noisy values of a vector integer query. */
    public long[] release(long[] values, RandomGenerator rng) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = release(values[i], rng);
        }
        return out;
    }
}
