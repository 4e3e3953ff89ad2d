package org.fedra.node.inventory;

/**
 * How the node coarsens counts it publishes.
 *
 * @param minimumPatients an entry covering fewer patients is suppressed (left out)
 * @param roundingBase    published counts are rounded to the nearest multiple of this (1 = exact)
 */
public record DisclosureSettings(int minimumPatients, int roundingBase) {
    public DisclosureSettings {
        if (minimumPatients < 1) throw new IllegalArgumentException("minimumPatients must be at least 1");
        if (roundingBase < 1) throw new IllegalArgumentException("roundingBase must be at least 1");
    }

    /** The defaults of a node: suppress below 10 patients, round to 10. */
    public static DisclosureSettings defaults() {
        return new DisclosureSettings(10, 10);
    }

    long round(long count) {
        return Math.round((double) count / roundingBase) * roundingBase;
    }
}
