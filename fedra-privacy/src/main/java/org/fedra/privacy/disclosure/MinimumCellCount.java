package org.fedra.privacy.disclosure;

/**
 * The threshold rule: a published count {@code n} is sensitive when {@code 0 < n < minimum}
 * (a zero is sensitive only if {@code zeroIsSensitive}, for tables where an empty cell itself
 * discloses something, such as "nobody in this ward tested negative").
 *
 * @param minimum smallest count that may be published, {@code >= 1}
 * @param zeroIsSensitive whether zero counts are suppressed too
 */
public record MinimumCellCount(long minimum, boolean zeroIsSensitive) {
    public MinimumCellCount {
        if (minimum < 1) {
            throw new IllegalArgumentException("minimum cell count must be >= 1, was " + minimum);
        }
    }

    /** The rule with zeros publishable. */
    public static MinimumCellCount of(long minimum) {
        return new MinimumCellCount(minimum, false);
    }

    /** Whether a count must not be published. */
    public boolean isSensitive(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("counts are non-negative, was " + count);
        }
        return count == 0 ? zeroIsSensitive : count < minimum;
    }
}
