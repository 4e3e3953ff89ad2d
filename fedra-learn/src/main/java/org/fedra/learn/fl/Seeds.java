package org.fedra.learn.fl;

/**
 * Derives the seeds of a job from its one seed, so that a resumed job draws exactly what an uninterrupted one
 * would have drawn: a seed depends only on (job seed, round, purpose), never on how often a generator was used.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed for {@code purpose} (e.g. "sample", or a node id) in {@code round}. */
    public static long derive(long jobSeed, int round, String purpose) {
        long h = mix(jobSeed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ round);
        h = mix(h ^ purpose.hashCode()); // String.hashCode is specified, so stable across JVMs
        return h;
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
