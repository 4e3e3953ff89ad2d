package org.fedra.hub.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.fedra.protocol.analysis.StatisticsSpec;
import org.fedra.protocol.analysis.Variable;
import org.junit.jupiter.api.Test;

/** Disclosure control of released statistics, on pooled vectors given directly (no servers). */
class StatisticsReleaseTest {
    final StatisticsRunner runner = new StatisticsRunner(ReleaseRules.defaults());
    final StatisticsSpec spec = new StatisticsSpec(Variable.patient("age"), new double[] {0, 10, 20, 30}, null, new double[0]);

    @Test
    void belowTheMinimumCellSizeNothingIsReleased() {
        JsonNode r = runner.release(spec, new double[] {7, 70, 800, 0, 3, 4, 0, 0});
        assertThat(r.get("count").isNull()).isTrue();
        assertThat(r.get("suppressed").asText()).contains("fewer than 10");
        assertThat(r.has("mean")).isFalse();
        assertThat(r.has("histogram")).isFalse();
        assertThat(runner.release(spec, new double[] {0, 0, 0, 0, 0, 0, 0, 0}).get("count").isNull()).isTrue();
    }

    @Test
    void releasedFiguresAreRoundedSuppressedAndCoarsened() {
        // 55 values: 3 in [0,10), 40 in [10,20), 12 in [20,30]; sum 800, sum of squares 13000
        JsonNode r = runner.release(spec, new double[] {55, 800, 13000, 0, 3, 40, 12, 0});
        assertThat(r.get("count").asLong()).isEqualTo(55);
        // exact mean 14.545..., sd 5.025 (variance 25.25): one patient moves the mean by about 5/55, so it is rounded to
        // the power of ten at or above 10 * 5 / 55 = 0.91, i.e. to 1; the variance (scale 30, one figure) to 10 * 30 / 55 -> 10
        assertThat(r.get("mean").asDouble()).isEqualTo(15.0);
        assertThat(r.get("variance").asDouble()).isEqualTo(30.0);
        assertThat(r.get("sd").asDouble()).isEqualTo(5.0);
        // the first bin reaching 10 patients cumulatively is [10, 20); from the top it is [20, 30]
        assertThat(r.at("/coarsened/min").asDouble()).isEqualTo(10);
        assertThat(r.at("/coarsened/max").asDouble()).isEqualTo(30);
        // median: 27.5th of 55 lies 24.5 into the 40 of [10, 20): 16.125; one patient moves it by about 10/40, scaled to
        // the released 55 that is 13.75 (10, one figure), so the step is the power of ten at or above 10 * 10 / 55: 10
        assertThat(r.at("/quantiles/0.50").asDouble()).isEqualTo(20.0);
        assertThat(r.at("/quantiles/0.25").asDouble()).isEqualTo(10.0); // 12.6875
        assertThat(r.get("precision").asText()).contains("released count");
        // 3 is below 10: suppressed, and since the total is published one more cell goes with it (the cheapest, 12)
        JsonNode h = r.get("histogram");
        assertThat(h).hasSize(5);
        assertThat(h.get(1).get("count").isNull()).isTrue();
        assertThat(h.get(2).get("count").asLong()).isEqualTo(40);
        assertThat(h.get(3).get("count").isNull()).isTrue();
        assertThat(h.get(0).get("count").asLong()).isZero();
        assertThat(h.get(4).get("count").asLong()).isZero();
    }

    @Test
    void extremesAndQuantilesOutsideTheEdgesAreNotInvented() {
        // 20 values below the first edge, 20 above the last: min and max and the outer quartiles are not known
        JsonNode r = runner.release(spec, new double[] {45, 900, 40000, 20, 0, 5, 0, 20});
        assertThat(r.at("/coarsened/min").isNull()).isTrue();
        assertThat(r.at("/coarsened/max").isNull()).isTrue();
        assertThat(r.at("/quantiles/0.25").isNull()).isTrue();
        assertThat(r.at("/quantiles/0.75").isNull()).isTrue();
        // the median falls among the 5 patients of [10, 20): interpolating there would describe them
        assertThat(r.at("/quantiles/0.50").isNull()).isTrue();
        JsonNode wide = runner.release(spec, new double[] {60, 900, 40000, 20, 0, 20, 0, 20});
        // 15 exactly, in a bin of 20 of 60 released: step 10, half away from zero
        assertThat(wide.at("/quantiles/0.50").asDouble()).isEqualTo(20.0);
    }

    @Test
    void precisionGrowsWithTheReleasedCountAndHidesAboutTenPatients() {
        // sd 50 (a cholesterol-like spread): 10 * 50 / N
        assertThat(new ReleasePrecision(55).step(50).doubleValue()).isEqualTo(10.0);
        assertThat(new ReleasePrecision(720).step(50).doubleValue()).isEqualTo(1.0);
        assertThat(new ReleasePrecision(100_000).step(50).doubleValue()).isEqualTo(0.01);
        // the scale is taken to one figure: 0.94 -> 0.9; 10 * 0.9 / 305 = 0.0295 -> 0.1
        assertThat(new ReleasePrecision(305).step(0.94).doubleValue()).isEqualTo(0.1);
        assertThat(new ReleasePrecision(305).round(0.6721311, 0.94)).isEqualTo(0.7);
        assertThat(new ReleasePrecision(305).round(-0.65, 0.94)).isEqualTo(-0.7);
        // no spread: the step falls back to the unit scale
        assertThat(new ReleasePrecision(20).step(0).doubleValue()).isEqualTo(1.0);
    }

    @Test
    void thresholdIsAMajorityOfAtLeastTwo() {
        assertThat(SecureSum.threshold(2)).isEqualTo(2);
        assertThat(SecureSum.threshold(3)).isEqualTo(2);
        assertThat(SecureSum.threshold(4)).isEqualTo(3);
        assertThat(SecureSum.threshold(7)).isEqualTo(4);
    }
}
