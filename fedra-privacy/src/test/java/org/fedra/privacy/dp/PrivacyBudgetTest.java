package org.fedra.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrivacyBudgetTest {
    private static final double[] ORDERS = RdpCurve.DEFAULT_ORDERS;

    @Test
    void pureReleasesComposeExactlyUpToTheBudget() {
        PrivacyBudget budget = new PrivacyBudget(1.0, 1e-5);
        DiscreteLaplaceMechanism half = new DiscreteLaplaceMechanism(0.5, 1);
        budget.charge(half.cost(ORDERS));
        EpsilonDelta after = budget.charge(half.cost(ORDERS));
        assertThat(after.epsilon()).isEqualTo(1.0);
        assertThat(budget.remainingSteps(half.cost(ORDERS))).isZero();
    }

    @Test
    void refusedChargeLeavesTheBudgetUnchanged() {
        PrivacyBudget budget = new PrivacyBudget(1.0, 1e-5);
        budget.charge(new DiscreteLaplaceMechanism(0.75, 1).cost(ORDERS));
        RdpCurve before = budget.spentCurve();
        EpsilonDelta spentBefore = budget.spent();

        assertThatThrownBy(() -> budget.charge(new DiscreteLaplaceMechanism(0.5, 1).cost(ORDERS)))
                .isInstanceOf(PrivacyBudgetExceededException.class)
                .hasMessageContaining("privacy budget exceeded")
                .satisfies(e -> assertThat(((PrivacyBudgetExceededException) e).wouldSpendEpsilon()).isGreaterThan(1));

        assertThat(budget.spentCurve()).isSameAs(before);
        assertThat(budget.spent()).isEqualTo(spentBefore);
        // a smaller release still fits afterwards
        budget.charge(new DiscreteLaplaceMechanism(0.25, 1).cost(ORDERS));
        assertThat(budget.spent().epsilon()).isEqualTo(1.0);
    }

    @Test
    void remainingStepsIsTheExactLimitOfTheAccountant() {
        PrivacyBudget budget = new PrivacyBudget(3.0, 1e-5);
        RdpCurve step = RdpAccountant.sampledGaussian(0.01, 1.1);
        budget.charge(step.times(1000));
        long remaining = budget.remainingSteps(step);
        assertThat(remaining).isPositive();
        // k steps fit, k+1 do not
        assertThat(budget.spentCurve().plus(step.times(remaining)).epsilon(1e-5).epsilon()).isLessThanOrEqualTo(3.0);
        assertThat(budget.spentCurve().plus(step.times(remaining + 1)).epsilon(1e-5).epsilon()).isGreaterThan(3.0);
        budget.charge(step.times(remaining));
        assertThat(budget.remainingSteps(step)).isZero();
        assertThatThrownBy(() -> budget.charge(step)).isInstanceOf(PrivacyBudgetExceededException.class);
    }

    @Test
    void mechanismsChargeBeforeReleasing() {
        PrivacyBudget budget = new PrivacyBudget(1.0, 1e-6);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        DiscreteLaplaceMechanism count = new DiscreteLaplaceMechanism(0.4, 1);
        count.release(120, budget, rng);
        count.release(new long[] {3, 4}, budget, rng);
        assertThat(budget.spent().epsilon()).isCloseTo(0.8, within(1e-12));
        assertThatThrownBy(() -> count.release(120, budget, rng)).isInstanceOf(PrivacyBudgetExceededException.class);
        GridMechanism mean = GridMechanism.gaussian(0.01, 1, 0.1, 1.0);
        assertThatThrownBy(() -> mean.release(new double[] {5.5}, budget, rng))
                .isInstanceOf(PrivacyBudgetExceededException.class);
        assertThat(budget.spent().epsilon()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void pureBudgetTakesOnlyPureCharges() {
        PrivacyBudget pure = new PrivacyBudget(1.0, 0);
        assertThat(pure.remainingSteps(new DiscreteLaplaceMechanism(0.1, 1).cost(ORDERS))).isEqualTo(10);
        assertThat(pure.fits(new DiscreteGaussianMechanism(100, 1).cost(ORDERS))).isFalse();
        assertThatThrownBy(() -> pure.charge(new DiscreteGaussianMechanism(100, 1).cost(ORDERS)))
                .isInstanceOf(PrivacyBudgetExceededException.class).hasMessageContaining("epsilon=Infinity at delta=0.0");
        assertThat(pure.spent().epsilon()).isZero();
    }

    @Test
    void gaussianReleaseGuaranteeIsStated() {
        DiscreteGaussianMechanism m = new DiscreteGaussianMechanism(4.530877117, 1);
        assertThat(m.rho()).isCloseTo(1 / (2 * 4.530877117 * 4.530877117), within(1e-15));
        EpsilonDelta g = m.guarantee(1e-6);
        // zCDP-to-(ε,δ) over the default orders is a little looser than the exact calibration (ε = 1)
        assertThat(g.epsilon()).isBetween(1.0, 1.1);
    }

    @Test
    void rejectsInvalidBudgetsAndForeignOrders() {
        assertThatThrownBy(() -> new PrivacyBudget(0, 1e-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new PrivacyBudget(1, -0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delta");
        assertThatThrownBy(() -> new PrivacyBudget(1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delta");
        PrivacyBudget budget = new PrivacyBudget(1, 1e-5);
        assertThatThrownBy(() -> budget.charge(RdpCurve.pure(0.1, new double[] {2, 3})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orders");
        assertThat(budget.spent().epsilon()).isZero();
    }
}
