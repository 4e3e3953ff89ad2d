package org.fedra.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GridMechanismTest {

    @Test
    void releasesLieExactlyOnTheGridAndCenterOnTheValue() {
        GridMechanism m = GridMechanism.gaussian(0.01, 1, 1.0, 0.5);
        SplittableRandom rng = new SplittableRandom(11);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            GridRelease r = m.release(new double[] {36.6}, 1e-6, rng);
            BigDecimal v = r.exactValue(0);
            // exact multiple of the resolution
            assertThat(v.remainder(r.resolution()).signum()).isZero();
            sum += r.values()[0];
        }
        assertThat(sum / n).isCloseTo(36.6, within(5 * 0.5 / Math.sqrt(n)));
    }

    @Test
    void quantisationIsExactHalfUpRounding() {
        GridMechanism m = GridMechanism.laplace(0.5, 1, 1, 1);
        assertThat(m.quantise(1.25)).isEqualTo(3);
        assertThat(m.quantise(1.2)).isEqualTo(2);
        assertThat(m.quantise(-1.25)).isEqualTo(-2);
        assertThatThrownBy(() -> m.quantise(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gridSensitivityAccountsForRounding() {
        // Δ = 1, γ = 0.3: ceil(1/0.3) = 4 grid steps; Laplace scale 4/ε, guarantee stays ε
        GridMechanism lap = GridMechanism.laplace(0.3, 1, 1.0, 0.7);
        assertThat(lap.guarantee(1e-6).epsilon()).isEqualTo(0.7);
        assertThat(lap.guarantee(1e-6).delta()).isZero();
        // Gaussian, d = 4: grid Δ2 = 1/0.5 + 2 = 4, grid σ = 2/0.5 = 4 -> ρ = 16/32 = 0.5
        GridMechanism g = GridMechanism.gaussian(0.5, 4, 1.0, 2.0);
        RdpCurve cost = g.cost(RdpCurve.DEFAULT_ORDERS);
        double[] orders = RdpCurve.DEFAULT_ORDERS;
        assertThat(cost.value(orders.length - 1)).isCloseTo(512 * 0.5, within(1e-9));
    }

    @Test
    void rejectsWrongDimensionAndBadResolution() {
        GridMechanism g = GridMechanism.gaussian(0.5, 2, 1.0, 2.0);
        assertThatThrownBy(() -> g.release(new double[] {1}, 1e-6, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 values");
        assertThatThrownBy(() -> GridMechanism.gaussian(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolution");
    }

    @Test
    void clippingBoundsTheNorm() {
        double[] v = {3, 4};
        assertThat(Clipping.l2(v, 1)).containsExactly(new double[] {0.6, 0.8}, within(1e-15));
        assertThat(Clipping.l2Norm(Clipping.l2(v, 1))).isLessThanOrEqualTo(1);
        assertThat(Clipping.l2(v, 10)).containsExactly(3, 4);
        assertThat(Clipping.l1Norm(Clipping.l1(v, 0.7))).isLessThanOrEqualTo(0.7);
        assertThat(Clipping.l1(v, 0.7)).containsExactly(new double[] {0.3, 0.4}, within(1e-15));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            double[] w = rng.doubles(17, -1e3, 1e3).toArray();
            double bound = rng.nextDouble(1e-3, 10);
            assertThat(Clipping.l2Norm(Clipping.l2(w, bound))).isLessThanOrEqualTo(bound);
        }
        assertThatThrownBy(() -> Clipping.l2(new double[] {Double.NaN}, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
