package org.fedra.node.analysis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rows of a regression fit, kept in this node's memory between the fit's Newton iterations. Every iteration
 * evaluates the same rows at new coefficients; reading them again through the consent-filtered view each time made a
 * federated fit several times slower than the same fit on pooled rows, for no gain in protection.
 *
 * <p>Kept rows are used only while nothing can have changed what the view would show: the store's
 * {@linkplain org.fedra.node.fhir.FhirStore#generation() generation} is unchanged (a new Consent, a withdrawal,
 * an erasure or any new record makes the next iteration read again), the study and the spec are the same, and the
 * rows are younger than {@link #TIME_TO_LIVE} (so that a consent whose period ends is honoured soon). Rows never
 * leave the node; only the fit's summed contribution does.
 */
final class FitRows {
    /** How long a fit's rows may be reused. */
    static final Duration TIME_TO_LIVE = Duration.ofMinutes(15);
    /** Fits kept at once; the least recently used goes first. */
    static final int CAPACITY = 4;

    /** Rows for one iteration, and whether they were read for it or kept from an earlier one. */
    record Rows(List<double[]> rows, boolean reused) {}

    private record Entry(String studyId, String spec, long generation, Instant readAt, List<double[]> rows) {}

    private final Clock clock;
    private final LongSupplier generation;
    private final Map<String, Entry> byFit = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    FitRows(Clock clock, LongSupplier generation) {
        this.clock = clock;
        this.generation = generation;
    }

    /**
     * The fit's rows: the kept ones when still valid, otherwise {@code read} (which goes through the
     * consent-filtered view), kept for the fit's next iteration.
     */
    Rows rows(String fitId, String studyId, String spec, Supplier<List<double[]>> read) {
        // read the generation before the store: a write that lands during the read makes the next iteration read again
        long g = generation.getAsLong();
        Instant now = clock.instant();
        synchronized (byFit) {
            Entry e = byFit.get(fitId);
            if (e != null && e.generation == g && e.studyId.equals(studyId) && e.spec.equals(spec)
                    && now.isBefore(e.readAt.plus(TIME_TO_LIVE))) {
                return new Rows(e.rows, true);
            }
        }
        List<double[]> rows = List.copyOf(read.get());
        synchronized (byFit) {
            byFit.put(fitId, new Entry(studyId, spec, g, now, rows));
        }
        return new Rows(rows, false);
    }

    /** Number of fits whose rows are kept. */
    int size() {
        synchronized (byFit) {
            return byFit.size();
        }
    }
}
