package org.fedra.privacy.dp;

import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The discrete Laplace distribution on the integers, {@code P[z] ∝ exp(-|z| / scale)}, sampled
 * exactly by Algorithm 2 of Canonne, Kamath and Steinke (2020).
 *
 * <p>Added to an integer query of L1 sensitivity {@code Δ} it gives {@code (Δ/scale, 0)}-DP;
 * see {@link DiscreteLaplaceMechanism}.
 */
public final class DiscreteLaplace {
    private final Rational scale;

    /**
     * @param scale the scale {@code t > 0}
     * @throws IllegalArgumentException if the scale is zero
     */
    public DiscreteLaplace(Rational scale) {
        Objects.requireNonNull(scale, "scale");
        if (scale.isZero()) {
            throw new IllegalArgumentException("discrete Laplace scale must be positive");
        }
        this.scale = scale;
    }

    public Rational scale() {
        return scale;
    }

    /** One sample. */
    public BigInteger sample(RandomGenerator rng) {
        // scale = t/s with integers t, s (Algorithm 2 names them so).
        BigInteger t = scale.numerator();
        BigInteger s = scale.denominator();
        while (true) {
            BigInteger u = ExactCoins.uniform(t, rng);
            if (!ExactCoins.bernoulliExp(Rational.of(u, t), rng)) {
                continue;
            }
            BigInteger v = BigInteger.ZERO;
            while (ExactCoins.bernoulliExp(Rational.ONE, rng)) {
                v = v.add(BigInteger.ONE);
            }
            BigInteger y = u.add(t.multiply(v)).divide(s);
            boolean negative = rng.nextBoolean();
            if (negative && y.signum() == 0) {
                continue; // otherwise zero would be drawn twice as often as it should
            }
            return negative ? y.negate() : y;
        }
    }

    /** One sample as a long. @throws ArithmeticException in the (astronomically unlikely) overflow case */
    public long sampleLong(RandomGenerator rng) {
        return sample(rng).longValueExact();
    }

    /** The variance {@code 2e^{-1/t} / (1 - e^{-1/t})^2}, for reporting and tests. */
    public double variance() {
        double e = Math.exp(-1.0 / scale.doubleValue());
        return 2 * e / ((1 - e) * (1 - e));
    }
}
