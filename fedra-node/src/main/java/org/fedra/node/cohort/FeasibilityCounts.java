package org.fedra.node.cohort;

import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.disclosure.Rounding;

import java.util.EnumMap;
import java.util.Map;

/**
 * The releasable form of a {@link CohortResult}: per category either "suppressed" or a rounded count.
 * Guarantee: a count {@code n} with {@code 0 < n < minimumCellSize} is never released, not even rounded
 * (the category is reported as suppressed); every other count is released rounded to the nearest multiple of
 * {@code roundingBase} (halves up), so a released figure is exact only when the base is 1. Zero is released as
 * zero: an empty category says nothing about any one patient.
 *
 * @param minimumCellSize the node's minimum cell size
 * @param roundingBase    the node's rounding base
 */
public record FeasibilityCounts(Map<FeasibilityCategory, Released> counts, int minimumCellSize, int roundingBase) {
    /** One category's releasable figure. */
    public record Released(boolean suppressed, long value) {
        @Override
        public String toString() {
            return suppressed ? "suppressed" : Long.toString(value);
        }
    }

    public FeasibilityCounts {
        counts = Map.copyOf(counts);
    }

    /** Applies the node's disclosure settings to the exact counts of a result. */
    public static FeasibilityCounts release(CohortResult result, DisclosureSettings settings) {
        MinimumCellCount rule = MinimumCellCount.of(settings.minimumPatients());
        Map<FeasibilityCategory, Released> out = new EnumMap<>(FeasibilityCategory.class);
        for (FeasibilityCategory c : FeasibilityCategory.values()) {
            long n = result.count(c);
            out.put(c, rule.isSensitive(n) ? new Released(true, 0) : new Released(false, Rounding.toBase(n, settings.roundingBase())));
        }
        return new FeasibilityCounts(out, settings.minimumPatients(), settings.roundingBase());
    }

    public Released of(FeasibilityCategory c) {
        return counts.get(c);
    }
}
