package org.fedra.privacy.disclosure;

import java.util.Arrays;

/**
 * The {@code (n, k)} dominance rule for magnitude tables (sums such as costs or doses): a cell
 * is sensitive if its {@code n} largest contributions make up more than {@code k} percent of
 * the cell total, because a large contributor could then estimate the others closely.
 *
 * @param n number of largest contributors considered, {@code >= 1}
 * @param kPercent threshold in percent, in (0, 100]
 */
public record DominanceRule(int n, double kPercent) {
    public DominanceRule {
        if (n < 1) {
            throw new IllegalArgumentException("dominance rule n must be >= 1, was " + n);
        }
        if (!(kPercent > 0 && kPercent <= 100)) {
            throw new IllegalArgumentException("dominance rule k must lie in (0, 100] percent, was " + kPercent);
        }
    }

    /**
     * Whether a cell with these contributions must be suppressed. A cell with {@code n} or fewer
     * contributors is always dominated (a positive total is entirely theirs).
     *
     * @param contributions non-negative contributions of the units in the cell
     */
    public boolean isSensitive(double[] contributions) {
        double total = 0;
        for (double x : contributions) {
            if (!(x >= 0) || Double.isInfinite(x)) {
                throw new IllegalArgumentException("contributions must be finite and >= 0, got " + x);
            }
            total += x;
        }
        if (total == 0) {
            return false;
        }
        double[] sorted = contributions.clone();
        Arrays.sort(sorted);
        double top = 0;
        for (int i = 0; i < n && i < sorted.length; i++) {
            top += sorted[sorted.length - 1 - i];
        }
        return top * 100 > kPercent * total;
    }
}
