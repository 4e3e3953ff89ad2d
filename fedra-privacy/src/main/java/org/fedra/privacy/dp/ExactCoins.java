package org.fedra.privacy.dp;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * Exact coin flips from a source of uniform random bits: the building blocks of the samplers of
 * Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020),
 * Algorithm 1. Only integer comparisons decide an outcome, so the output distribution is exactly
 * the stated one (given a uniform source), with no floating-point rounding to exploit.
 *
 * <p>Each operation has a {@code long} fast path and falls back to {@link BigInteger} whenever
 * an intermediate would overflow; both compute the same exact comparisons.
 */
final class ExactCoins {
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
        if (p.compareTo(Rational.ONE) > 0) {
            throw new IllegalArgumentException("probability above 1: " + p);
        }
        return uniform(p.denominator(), rng).compareTo(p.numerator()) < 0;
    }

    /** True with probability exactly {@code exp(-gamma)} for rational {@code gamma >= 0}. */
    static boolean bernoulliExp(Rational gamma, RandomGenerator rng) {
        return bernoulliExp(gamma.numerator(), gamma.denominator(), rng);
    }

    /** True with probability exactly {@code exp(-num/den)}; {@code num >= 0, den > 0}. */
    static boolean bernoulliExp(BigInteger num, BigInteger den, RandomGenerator rng) {
        if (num.bitLength() < 63 && den.bitLength() < 63) {
            return bernoulliExp(num.longValue(), den.longValue(), rng);
        }
        BigInteger[] wholeAndRest = num.divideAndRemainder(den);
        // exp(-gamma) = exp(-1)^floor(gamma) * exp(-frac(gamma)): one coin per factor.
        for (BigInteger i = BigInteger.ZERO; i.compareTo(wholeAndRest[0]) < 0; i = i.add(BigInteger.ONE)) {
            if (!bernoulliExpOfOne(rng)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(wholeAndRest[1], den, rng);
    }

    /** {@code exp(-num/den)} with long arithmetic. */
    static boolean bernoulliExp(long num, long den, RandomGenerator rng) {
        long whole = num / den;
        for (long i = 0; i < whole; i++) {
            if (!bernoulliExpOfOne(rng)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(num % den, den, rng);
    }

    /** exp(-1): the gamma = 1 case of the series below, where Bernoulli(1/k) is "uniform in [0,k) is 0". */
    private static boolean bernoulliExpOfOne(RandomGenerator rng) {
        long k = 1;
        while (rng.nextLong(k) == 0) {
            k++;
        }
        return (k & 1) == 1;
    }

    /**
     * exp(-gamma) for gamma = num/den in [0, 1): draw Bernoulli(gamma/k) for k = 1, 2, ... until
     * one fails; the index of the failure is odd with probability exactly exp(-gamma).
     */
    private static boolean bernoulliExpAtMostOne(long num, long den, RandomGenerator rng) {
        long k = 1;
        while (true) {
            long scaled;
            try {
                scaled = Math.multiplyExact(den, k);
            } catch (ArithmeticException overflow) {
                return continueBig(BigInteger.valueOf(num), BigInteger.valueOf(den), k, rng);
            }
            if (rng.nextLong(scaled) >= num) {
                return (k & 1) == 1;
            }
            k++;
        }
    }

    private static boolean bernoulliExpAtMostOne(BigInteger num, BigInteger den, RandomGenerator rng) {
        return continueBig(num, den, 1, rng);
    }

    private static boolean continueBig(BigInteger num, BigInteger den, long startK, RandomGenerator rng) {
        BigInteger k = BigInteger.valueOf(startK);
        while (uniform(den.multiply(k), rng).compareTo(num) < 0) {
            k = k.add(BigInteger.ONE);
        }
        return k.testBit(0);
    }
}
