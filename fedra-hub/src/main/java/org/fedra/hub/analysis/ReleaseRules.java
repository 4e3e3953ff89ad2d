package org.fedra.hub.analysis;

import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.disclosure.Rounding;

/**
 * The hub's disclosure control for released figures: a count below {@code minimumCell} is suppressed, every
 * published count is rounded to a multiple of {@code roundingBase}.
 */
public record ReleaseRules(int minimumCell, int roundingBase) {
    public ReleaseRules {
        if (minimumCell < 1) throw new IllegalArgumentException("minimumCell must be at least 1");
        if (roundingBase < 1) throw new IllegalArgumentException("roundingBase must be at least 1");
    }

    /** Suppress below 10, round to 5. */
    public static ReleaseRules defaults() {
        return new ReleaseRules(10, 5);
    }

    public MinimumCellCount rule() {
        return MinimumCellCount.of(minimumCell);
    }

    /** Whether a count may not be published. */
    public boolean suppressed(long count) {
        return rule().isSensitive(count);
    }

    /** The published form of a count that passed the minimum. */
    public long round(long count) {
        return Rounding.toBase(count, roundingBase);
    }
}
