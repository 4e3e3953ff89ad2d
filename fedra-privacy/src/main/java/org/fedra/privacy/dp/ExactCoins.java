package org.fedra.privacy.dp;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Exact coin flips from a source of uniform random bits: the building blocks of the samplers of
 * Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020),
 * Algorithm 1. Only integer comparisons decide an outcome, so the output distribution is exactly
 * the stated one (given a uniform source), with no floating-point rounding to exploit.
 */
final class ExactCoins {
    private static final Rational ONE = Rational.ONE;

    private ExactCoins() {
    }

    /** A uniform integer in {@code [0, bound)}; {@code bound} must be positive. */
    static BigInteger uniform(BigInteger bound, RandomGenerator rng) {
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(rng.nextLong(bound.longValueExact()));
        }
        int bits = bound.bitLength();
        while (true) { // rejection keeps the result exactly uniform
            BigInteger candidate = randomBits(bits, rng);
            if (candidate.compareTo(bound) < 0) {
                return candidate;
            }
        }
    }

    private static BigInteger randomBits(int bits, RandomGenerator rng) {
        byte[] bytes = new byte[(bits + 7) / 8];
        rng.nextBytes(bytes);
        int excess = bytes.length * 8 - bits;
        bytes[0] &= (byte) (0xFF >>> excess);
        return new BigInteger(1, bytes);
    }

    /** True with probability exactly {@code p}, which must lie in [0, 1]. */
    static boolean bernoulli(Rational p, RandomGenerator rng) {
        if (p.compareTo(ONE) > 0) {
            throw new IllegalArgumentException("probability above 1: " + p);
        }
        return uniform(p.denominator(), rng).compareTo(p.numerator()) < 0;
    }

    /** True with probability exactly {@code exp(-gamma)} for rational {@code gamma >= 0}. */
    static boolean bernoulliExp(Rational gamma, RandomGenerator rng) {
        BigInteger whole = gamma.floor();
        // exp(-gamma) = exp(-1)^floor(gamma) * exp(-frac(gamma)): one coin per factor.
        for (BigInteger i = BigInteger.ZERO; i.compareTo(whole) < 0; i = i.add(BigInteger.ONE)) {
            if (!bernoulliExpAtMostOne(ONE, rng)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(gamma.subtract(Rational.of(whole, BigInteger.ONE)), rng);
    }

    /**
     * exp(-gamma) for gamma in [0, 1]: draw Bernoulli(gamma/k) for k = 1, 2, ... until one fails;
     * the index of the failure is odd with probability exactly exp(-gamma).
     */
    private static boolean bernoulliExpAtMostOne(Rational gamma, RandomGenerator rng) {
        BigInteger k = BigInteger.ONE;
        while (bernoulli(Rational.of(gamma.numerator(), gamma.denominator().multiply(k)), rng)) {
            k = k.add(BigInteger.ONE);
        }
        return k.testBit(0);
    }
}
