package org.fedra.privacy.dp;

/**
 * Rényi DP of the sampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi Differential
 * Privacy of the Sampled Gaussian Mechanism", arXiv:1908.10530): each record is included with
 * probability {@code q} (Poisson sampling), the sum of the included L2-clipped contributions
 * (sensitivity 1) gets Gaussian noise of standard deviation {@code σ} (the noise multiplier).
 *
 * <p>The RDP at order α is {@code log(A_α)/(α-1)}, where {@code A_α = E_{z~μ0}[(μ(z)/μ0(z))^α]},
 * {@code μ0 = N(0,σ²)}, {@code μ = (1-q)N(0,σ²) + qN(1,σ²)}. Integer α uses the binomial
 * expansion (MTZ 2019 Section 3.3); fractional α the two-sided series with erfc tails (Section
 * 3.3, "fractional α"). Both match TensorFlow Privacy's {@code rdp_accountant.compute_rdp}.
 * Steps compose by adding curves (see {@link RdpCurve}).
 */
public final class RdpAccountant {
    private RdpAccountant() {
    }

    /** The RDP curve of {@code steps} sampled Gaussian steps, at the given orders. */
    public static RdpCurve sampledGaussian(double q, double noiseMultiplier, long steps, double[] orders) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        double[] v = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            v[i] = rdp(q, noiseMultiplier, orders[i]);
        }
        // With q = 1 and an infinite order the mechanism is not pure DP: order-∞ bound is +∞.
        double pure = (q == 0 || steps == 0) ? 0 : Double.POSITIVE_INFINITY;
        return RdpCurve.of(orders, v, pure).times(steps);
    }

    /** The RDP curve of one sampled Gaussian step at {@link RdpCurve#DEFAULT_ORDERS}. */
    public static RdpCurve sampledGaussian(double q, double noiseMultiplier) {
        return sampledGaussian(q, noiseMultiplier, 1, RdpCurve.DEFAULT_ORDERS);
    }

    /**
     * The RDP of one step at order {@code alpha}.
     *
     * @param q sampling probability in [0, 1]
     * @param sigma noise multiplier, {@code > 0}
     * @param alpha order, {@code > 1}; {@code +∞} gives {@code +∞} unless q = 0
     */
    public static double rdp(double q, double sigma, double alpha) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate q must lie in [0, 1], was " + q);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise multiplier must be positive and finite, was " + sigma);
        }
        if (!(alpha > 1)) {
            throw new IllegalArgumentException("RDP order must be > 1, was " + alpha);
        }
        if (q == 0) {
            return 0;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        if (Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        double logA = alpha == Math.rint(alpha) && alpha < Integer.MAX_VALUE
                ? logAInteger(q, sigma, (int) alpha)
                : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** {@code log A_α = log Σ_i C(α,i) q^i (1-q)^{α-i} exp((i²-i)/(2σ²))}. */
    static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0; // log C(alpha, 0)
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                logBinom += Math.log(alpha - i + 1) - Math.log(i);
            }
            double term = logBinom + i * logQ + (alpha - i) * log1mQ + ((double) i * i - i) / twoSigma2;
            logA = LogSpace.add(logA, term);
        }
        return logA;
    }

    /**
     * {@code log A_α} for fractional α: the integral split at {@code z0 = σ² log(1/q - 1) + 1/2},
     * each half expanded as a generalised binomial series with Gaussian tail factors; summed until
     * both new terms fall below {@code e^-30}.
     */
    static double logAFractional(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        double logHalf = Math.log(0.5);
        double logAbsCoef = 0; // log |C(alpha, 0)|
        boolean positive = true;
        for (int i = 0; ; i++) {
            if (i > 0) {
                double factor = (alpha - (i - 1)) / i; // C(α,i) = C(α,i-1)(α-i+1)/i
                logAbsCoef += Math.log(Math.abs(factor));
                if (factor < 0) {
                    positive = !positive;
                }
            }
            double j = alpha - i;
            double logT0 = logAbsCoef + i * logQ + j * log1mQ;
            double logT1 = logAbsCoef + j * logQ + i * log1mQ;
            double logE0 = logHalf + LogSpace.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = logHalf + LogSpace.logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            if (positive) {
                logA0 = LogSpace.add(logA0, logS0);
                logA1 = LogSpace.add(logA1, logS1);
            } else {
                logA0 = LogSpace.subtract(logA0, logS0);
                logA1 = LogSpace.subtract(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return LogSpace.add(logA0, logA1);
    }
}
