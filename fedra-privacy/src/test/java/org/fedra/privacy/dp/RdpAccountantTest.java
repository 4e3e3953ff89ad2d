package org.fedra.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reproduces published numbers of TensorFlow Privacy (github.com/tensorflow/privacy).
 *
 * <ul>
 *   <li>{@code tensorflow_privacy/privacy/analysis/rdp_accountant_test.py}: test_compute_rdp_scalar
 *       (q=0.1, σ=2, 10 steps, order 5 → 0.07737), test_compute_rdp_sequence (q=0.01, σ=2.5, 50 steps,
 *       orders 1.5, 2.5, 5, 50, 100 → 0.00065, 0.001085, 0.00218075, 0.023846, 167.416307, ±1e-5),
 *       test_compute_rdp_no_sampling (q=1, σ=10, order 20 → 0.1), test_get_privacy_spent_check_target_delta
 *       (constant RDP 1.1 at orders 2..32, δ=1e-5 → ε=1.32783806176 at order 32; σ=4.530877117 unsampled,
 *       orders 1.001..99.999 step 0.001, δ=1e-6 → ε=1), test_get_privacy_spent_check_target_eps (the inverse),
 *       and test_check_composition (q=1e-4, σ=0.4, 40000 steps, then q=0.1, σ=2, 100 steps, δ=1e-5:
 *       ε=8.509656 at order 2.5 by the classic conversion, an upper bound for the improved one).</li>
 *   <li>{@code tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py}, test_compute_dp_sgd_privacy:
 *       (n=60000, batch 150, σ=1.3, 15 epochs, δ=1e-5) → ε=0.7242234026109595, order 19;
 *       (100000, 100, 1.0, 30, 1e-7) → 1.4154988495444842, order 13;
 *       (1e8, 1024, 0.1, 10, 1e-7) → 5907982.3113978775, order 1.25; with q = batch/n,
 *       steps = ceil(epochs·n/batch) and the orders of {@link RdpCurve#DEFAULT_ORDERS}
 *       ({@code compute_dp_sgd_privacy_lib.compute_dp_sgd_privacy}).</li>
 * </ul>
 */
class RdpAccountantTest {

    @Test
    void scalarOrderMatchesTensorFlowPrivacy() {
        assertThat(RdpAccountant.rdp(0.1, 2, 5) * 10).isCloseTo(0.07737, within(1e-5));
    }

    @Test
    void sequenceOfOrdersMatchesTensorFlowPrivacy() {
        double[] orders = {1.5, 2.5, 5, 50, 100};
        double[] expected = {0.00065, 0.001085, 0.00218075, 0.023846, 167.416307};
        RdpCurve curve = RdpAccountant.sampledGaussian(0.01, 2.5, 50, orders);
        for (int i = 0; i < orders.length; i++) {
            assertThat(curve.value(i)).as("order %s", orders[i]).isCloseTo(expected[i], within(1e-5));
        }
        assertThat(RdpAccountant.rdp(0.01, 2.5, Double.POSITIVE_INFINITY)).isInfinite();
    }

    @Test
    void edgeCasesOfSamplingRate() {
        assertThat(RdpAccountant.rdp(0, 10, 20)).isZero();
        assertThat(RdpAccountant.rdp(1, 10, 20)).isEqualTo(0.1);
    }

    @ParameterizedTest(name = "n={0} batch={1} sigma={2} epochs={3} delta={4}")
    @CsvSource({
        "60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19",
        "100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13",
        "100000000, 1024, 0.1, 10, 1e-7, 5907982.3113978775, 1.25",
    })
    void dpSgdEpsilonMatchesTensorFlowPrivacy(double n, double batch, double sigma, double epochs, double delta,
                                              double expectedEps, double expectedOrder) {
        double q = batch / n;
        long steps = (long) Math.ceil(epochs * n / batch);
        EpsilonDelta eps = RdpAccountant.sampledGaussian(q, sigma, steps, RdpCurve.DEFAULT_ORDERS).epsilon(delta);
        assertThat(eps.epsilon()).isCloseTo(expectedEps, within(expectedEps * 1e-9));
        assertThat(eps.order()).isEqualTo(expectedOrder);
    }

    @Test
    void improvedConversionMatchesTensorFlowPrivacyForConstantRdp() {
        double[] orders = new double[31];
        double[] rdp = new double[31];
        for (int i = 0; i < 31; i++) {
            orders[i] = i + 2;
            rdp[i] = 1.1;
        }
        RdpCurve curve = RdpCurve.of(orders, rdp, Double.POSITIVE_INFINITY);
        EpsilonDelta e = curve.epsilon(1e-5);
        assertThat(e.epsilon()).isCloseTo(1.32783806176, within(1e-9));
        assertThat(e.order()).isEqualTo(32);
        assertThat(curve.delta(1.32783806176).delta()).isCloseTo(1e-5, within(1e-12));
    }

    @Test
    void fractionalOrdersRecoverTheExactGaussianCalibration() {
        // σ = 4.530877117 without sampling is exactly (1, 1e-6)-DP; TF Privacy gets ε = 1 to 7 places.
        double[] orders = new double[98_999];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = 0.001 * (i + 1001);
        }
        RdpCurve curve = RdpAccountant.sampledGaussian(1, 4.530877117, 1, orders);
        assertThat(curve.epsilon(1e-6).epsilon()).isCloseTo(1.0, within(1e-7));
        assertThat(curve.delta(1.0).delta()).isCloseTo(1e-6, within(1e-12));
    }

    @Test
    void compositionMatchesTensorFlowPrivacyAndImprovedConversionIsTighter() {
        double[] orders = {1.25, 1.5, 1.75, 2., 2.5, 3., 4., 5., 6., 7., 8., 10., 12., 14., 16., 20., 24., 28., 32.,
            64., 256.};
        RdpCurve total = RdpAccountant.sampledGaussian(1e-4, 0.4, 40000, orders)
                .plus(RdpAccountant.sampledGaussian(0.1, 2, 100, orders));
        EpsilonDelta classic = total.epsilonClassic(1e-5);
        assertThat(classic.epsilon()).isCloseTo(8.509656, within(1e-6));
        assertThat(classic.order()).isEqualTo(2.5);
        assertThat(total.epsilon(1e-5).epsilon()).isLessThan(8.509656);
    }

    @Test
    void fractionalSeriesAgreesWithIntegerExpansionAtNeighbouringOrders() {
        // RDP is monotone in the order: a fractional order lies between its integer neighbours.
        double low = RdpAccountant.rdp(0.02, 1.1, 7);
        double mid = RdpAccountant.rdp(0.02, 1.1, 7.5);
        double high = RdpAccountant.rdp(0.02, 1.1, 8);
        assertThat(mid).isBetween(low, high);
        // and the series converges to the integer expansion as the order approaches an integer
        assertThat(RdpAccountant.rdp(0.02, 1.1, 8 - 1e-9)).isCloseTo(high, within(high * 1e-6));
    }

    @Test
    void rejectsInvalidParameters() {
        assertThatThrownBy(() -> RdpAccountant.rdp(1.5, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampling rate q");
        assertThatThrownBy(() -> RdpAccountant.rdp(0.1, 0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noise multiplier");
        assertThatThrownBy(() -> RdpAccountant.rdp(0.1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order");
        assertThatThrownBy(() -> RdpCurve.zero(new double[] {2, 2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> RdpCurve.zero(RdpCurve.DEFAULT_ORDERS).epsilon(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
    }
}
