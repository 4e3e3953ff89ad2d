package org.fedra.node.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fedra.node.fhir.MutableClock;
import org.junit.jupiter.api.Test;

class FitRowsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final AtomicLong generation = new AtomicLong();
    final AtomicInteger reads = new AtomicInteger();
    final FitRows fits = new FitRows(clock, generation::get);

    List<double[]> read() {
        reads.incrementAndGet();
        return List.of(new double[] {reads.get()});
    }

    @Test
    void keptRowsServeTheSameFitUntilTheStoreChanges() {
        assertThat(fits.rows("f", "s", "spec", this::read).reused()).isFalse();
        FitRows.Rows again = fits.rows("f", "s", "spec", this::read);
        assertThat(again.reused()).isTrue();
        assertThat(again.rows().get(0)[0]).isEqualTo(1);
        generation.incrementAndGet();
        assertThat(fits.rows("f", "s", "spec", this::read).rows().get(0)[0]).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void anotherStudySpecOrFitReadsAgain() {
        fits.rows("f", "s", "spec", this::read);
        assertThat(fits.rows("f", "other-study", "spec", this::read).reused()).isFalse();
        assertThat(fits.rows("f", "other-study", "other-spec", this::read).reused()).isFalse();
        assertThat(fits.rows("g", "other-study", "other-spec", this::read).reused()).isFalse();
        assertThat(reads).hasValue(4);
    }

    @Test
    void rowsOlderThanTheirTimeToLiveAreReadAgain() {
        fits.rows("f", "s", "spec", this::read);
        clock.advance(FitRows.TIME_TO_LIVE.minus(Duration.ofSeconds(1)));
        assertThat(fits.rows("f", "s", "spec", this::read).reused()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(fits.rows("f", "s", "spec", this::read).reused()).isFalse();
    }

    @Test
    void onlyTheMostRecentlyUsedFitsAreKept() {
        for (int i = 0; i < FitRows.CAPACITY + 3; i++) {
            fits.rows("f" + i, "s", "spec", this::read);
        }
        assertThat(fits.size()).isEqualTo(FitRows.CAPACITY);
        assertThat(fits.rows("f0", "s", "spec", this::read).reused()).isFalse();
        assertThat(fits.rows("f" + (FitRows.CAPACITY + 2), "s", "spec", this::read).reused()).isTrue();
    }
}
