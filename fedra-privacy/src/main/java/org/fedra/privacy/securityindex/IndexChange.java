package org.fedra.privacy.securityindex;

/**
 * How one node's security index moved between two assessments.
 *
 * @param before the index before, or {@code NaN} if the node is new
 * @param after the index after, or {@code NaN} if the node left
 */
public record IndexChange(String nodeId, double before, double after) {
    /** Whether the node went from at or above {@code threshold} to below it (or arrived below it). */
    public boolean fellBelow(double threshold) {
        return !(before < threshold) && after < threshold;
    }

    /** Whether the node went from below {@code threshold} to at or above it. */
    public boolean roseTo(double threshold) {
        return before < threshold && after >= threshold;
    }
}
