package org.fedra.privacy.dp;

import java.util.random.RandomGenerator;

/**
 * The discrete Gaussian mechanism for integer-valued vector queries: adds independent
 * {@link DiscreteGaussian} noise {@code N_Z(0, σ²)} to every coordinate. If the query changes by
 * at most {@code Δ2} in L2 norm between neighbouring data sets, each release satisfies
 * {@code ρ}-zCDP with {@code ρ = Δ2²/(2σ²)}, i.e. {@code (α, αρ)}-RDP at every order:
 * for integer shifts the Rényi divergence between discrete Gaussians is at most that between
 * continuous ones (Canonne, Kamath, Steinke 2020, Section 2), and Rényi divergence adds over
 * independent coordinates. {@link #guarantee(double)} converts that to {@code (ε, δ)}.
 *
 * <p>Note for DP-FedAvg: {@link RdpAccountant} bounds the sampled <em>continuous</em> Gaussian
 * mechanism; using it for discrete noise on a fine grid is the usual approximation
 * (Kairouz, Liu, Steinke 2021 show the gap is negligible when σ on the grid is large).
 */
public final class DiscreteGaussianMechanism extends IntegerNoiseMechanism {
    private final double sigma;
    private final double l2Sensitivity;
    private final DiscreteGaussian noise;

    /**
     * @param sigma the noise scale, {@code > 0}
     * @param l2Sensitivity the L2 sensitivity of the integer query, {@code > 0}
     */
    public DiscreteGaussianMechanism(double sigma, double l2Sensitivity) {
        this(squareOf(sigma), l2Sensitivity);
    }

    /**
     * @param sigmaSquared the exact noise variance parameter {@code σ² > 0}
     * @param l2Sensitivity the L2 sensitivity of the integer query, {@code > 0}
     */
    public DiscreteGaussianMechanism(Rational sigmaSquared, double l2Sensitivity) {
        if (!(l2Sensitivity > 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("L2 sensitivity must be positive and finite, was " + l2Sensitivity);
        }
        this.noise = new DiscreteGaussian(sigmaSquared);
        this.sigma = Math.sqrt(sigmaSquared.doubleValue());
        this.l2Sensitivity = l2Sensitivity;
    }

    private static Rational squareOf(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, was " + sigma);
        }
        Rational s = Rational.ofDecimal(sigma);
        return s.multiply(s);
    }

    public double sigma() {
        return sigma;
    }

    public double l2Sensitivity() {
        return l2Sensitivity;
    }

    /** The zCDP parameter {@code ρ = Δ2²/(2σ²)} of one release, rounded up so it never understates. */
    public double rho() {
        return Math.nextUp(l2Sensitivity * l2Sensitivity / (2 * noise.sigmaSquared().doubleValue()));
    }

    @Override
    public RdpCurve cost(double[] orders) {
        return RdpCurve.zcdp(rho(), orders);
    }

    /** The {@code (ε, δ)} guarantee of one release, converted over {@link RdpCurve#DEFAULT_ORDERS}. */
    public EpsilonDelta guarantee(double delta) {
        return cost(RdpCurve.DEFAULT_ORDERS).epsilon(delta);
    }

    @Override
    long sampleNoise(RandomGenerator rng) {
        return noise.sampleLong(rng);
    }
}
