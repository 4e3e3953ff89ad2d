package org.fedra.privacy.disclosure;

import java.util.random.RandomGenerator;

/**
 * Rounding of published counts to a base (typically 5 or 10). Conventional rounding is
 * deterministic; unbiased random rounding rounds {@code n} up with probability
 * {@code (n mod base)/base}, so the rounded value has expectation {@code n} and an attacker
 * cannot undo it by knowing the rule. Rounded tables are in general no longer additive; publish
 * margins rounded independently and say so.
 */
public final class Rounding {
    private Rounding() {
    }

    /** {@code count} rounded to the nearest multiple of {@code base}, halves up. */
    public static long toBase(long count, int base) {
        check(count, base);
        long remainder = count % base;
        long down = count - remainder;
        return 2 * remainder >= base ? Math.addExact(down, base) : down;
    }

    /** {@code count} rounded down or up to a multiple of {@code base}, unbiased, with the given randomness. */
    public static long random(long count, int base, RandomGenerator rng) {
        check(count, base);
        long remainder = count % base;
        long down = count - remainder;
        if (remainder == 0) {
            return count;
        }
        return rng.nextLong(base) < remainder ? Math.addExact(down, base) : down;
    }

    private static void check(long count, int base) {
        if (base < 1) {
            throw new IllegalArgumentException("rounding base must be >= 1, was " + base);
        }
        if (count < 0) {
            throw new IllegalArgumentException("counts are non-negative, was " + count);
        }
    }
}
