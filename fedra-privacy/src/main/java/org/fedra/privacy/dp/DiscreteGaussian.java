package org.fedra.privacy.dp;

import java.math.BigInteger;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The discrete Gaussian {@code N_Z(0, σ²)} on the integers, {@code P[z] ∝ exp(-z²/(2σ²))},
 * sampled exactly by Algorithm 3 of Canonne, Kamath and Steinke (2020): rejection sampling from
 * a discrete Laplace of scale {@code floor(σ)+1}. {@code σ²} is rational, so every acceptance
 * test is an exact integer comparison.
 *
 * <p>Added to an integer vector query of L2 sensitivity {@code Δ} (per coordinate, independently)
 * it satisfies {@code (α, αΔ²/(2σ²))}-RDP for every order α (CKS 2020, Section 2, and the
 * additivity of Rényi divergence over independent coordinates); see {@link DiscreteGaussianMechanism}.
 */
public final class DiscreteGaussian {
    private final Rational sigmaSquared;
    private final BigInteger laplaceScale;
    private final DiscreteLaplace laplace;

    /**
     * @param sigmaSquared the variance parameter {@code σ² > 0} (the actual variance is slightly below it)
     */
    public DiscreteGaussian(Rational sigmaSquared) {
        Objects.requireNonNull(sigmaSquared, "sigmaSquared");
        if (sigmaSquared.isZero()) {
            throw new IllegalArgumentException("discrete Gaussian sigma^2 must be positive");
        }
        this.sigmaSquared = sigmaSquared;
        // floor(sqrt(a/b)) == floor(sqrt(floor(a/b))) because squares of integers are integers.
        this.laplaceScale = sigmaSquared.floor().sqrt().add(BigInteger.ONE);
        this.laplace = new DiscreteLaplace(Rational.of(laplaceScale, BigInteger.ONE));
    }

    /**
     * The discrete Gaussian with {@code σ} given as a double, read as its shortest decimal
     * ({@link Rational#ofDecimal(double)}) and squared exactly.
     */
    public static DiscreteGaussian withSigma(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, was " + sigma);
        }
        Rational s = Rational.ofDecimal(sigma);
        return new DiscreteGaussian(s.multiply(s));
    }

    public Rational sigmaSquared() {
        return sigmaSquared;
    }

    /** One sample. */
    public BigInteger sample(RandomGenerator rng) {
        BigInteger a = sigmaSquared.numerator();
        BigInteger b = sigmaSquared.denominator();
        BigInteger t = laplaceScale;
        BigInteger acceptDenominator = a.multiply(b).multiply(t).multiply(t).shiftLeft(1);
        // 2abt² < 2^63 implies a, b and t fit in a long, so the fast path below can be tried
        boolean small = acceptDenominator.bitLength() < 63;
        while (true) {
            BigInteger y = laplace.sample(rng);
            // accept with exp(-(|y| - σ²/t)² / (2σ²)) = exp(-(|y|·b·t - a)² / (2·a·b·t²))
            long squared = small ? squaredDistanceOrMinusOne(y, a.longValue(), b.longValue(), t.longValue()) : -1;
            boolean accept;
            if (squared >= 0) {
                accept = ExactCoins.bernoulliExp(squared, acceptDenominator.longValue(), rng);
            } else {
                BigInteger diff = y.abs().multiply(b).multiply(t).subtract(a);
                accept = ExactCoins.bernoulliExp(diff.multiply(diff), acceptDenominator, rng);
            }
            if (accept) {
                return y;
            }
        }
    }

    /** {@code (|y|·b·t - a)²} in long arithmetic, or -1 if any step would overflow. */
    private static long squaredDistanceOrMinusOne(BigInteger y, long a, long b, long t) {
        if (y.bitLength() >= 63) {
            return -1;
        }
        try {
            long diff = Math.subtractExact(Math.multiplyExact(Math.multiplyExact(Math.abs(y.longValue()), b), t), a);
            return Math.multiplyExact(diff, diff);
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }

    /** One sample as a long. */
    public long sampleLong(RandomGenerator rng) {
        return sample(rng).longValueExact();
    }

    /** The exact variance {@code Σ z² p(z)}, summed numerically; for reporting and tests. */
    public double variance() {
        double s2 = sigmaSquared.doubleValue();
        double norm = 1;
        double second = 0;
        long limit = (long) Math.ceil(Math.sqrt(s2) * 40) + 10;
        for (long z = 1; z <= limit; z++) {
            double w = Math.exp(-(double) z * z / (2 * s2));
            norm += 2 * w;
            second += 2 * (double) z * z * w;
        }
        return second / norm;
    }
}
