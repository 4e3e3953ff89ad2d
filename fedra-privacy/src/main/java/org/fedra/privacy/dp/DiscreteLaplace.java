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
        if (scale.numerator().bitLength() < 62 && scale.denominator().bitLength() < 62) {
            return BigInteger.valueOf(sampleSmall(scale.numerator().longValue(), scale.denominator().longValue(), rng));
        }
        // scale = t/s with integers t, s (Algorithm 2 names them so).
        BigInteger t = scale.numerator();
        BigInteger s = scale.denominator();
        while (true) {
            BigInteger u = ExactCoins.uniform(t, rng);
            if (!ExactCoins.bernoulliExp(u, t, rng)) {
                continue;
            }
            BigInteger v = BigInteger.ZERO;
            while (ExactCoins.bernoulliExp(1, 1, rng)) {
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

    /** Algorithm 2 in long arithmetic; the same steps as {@link #sample} with t, s below 2^62. */
    private static long sampleSmall(long t, long s, RandomGenerator rng) {
        while (true) {
            long u = rng.nextLong(t);
            if (!ExactCoins.bernoulliExp(u, t, rng)) {
                continue;
            }
            long v = 0;
            while (ExactCoins.bernoulliExp(1, 1, rng)) {
                v++;
            }
            long y = Math.addExact(u, Math.multiplyExact(t, v)) / s;
            boolean negative = rng.nextBoolean();
            if (negative && y == 0) {
                continue;
            }
            return negative ? -y : y;
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
