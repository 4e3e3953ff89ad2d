package org.fedra.learn.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear error; the flat vector layout adds up like the contributions. */
class RegressionInputTest {
    private static final double[][] X = {{1, 2}, {2, 1}, {3, 5}, {4, 3}, {5, 8}, {6, 4}, {7, 9}, {8, 6}};
    private static final double[] Y = {0, 0, 1, 0, 1, 1, 0, 1};

    @Test
    void rowOfTheWrongWidthIsNamed() {
        double[][] x = {{1, 2}, {2, 1, 7}};
        assertThatThrownBy(() -> LocalContribution.logistic(x, new double[] {0, 1}, new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 3 predictor values, expected 2");
        assertThatThrownBy(() -> LocalContribution.linear(x, new double[] {0, 1}, 2))
                .hasMessageContaining("row 1 has 3 predictor values, expected 2");
    }

    @Test
    void nanInARowIsNamed() {
        double[][] x = {{1, 2}, {2, Double.NaN}};
        assertThatThrownBy(() -> LocalContribution.logistic(x, new double[] {0, 1}, new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1, predictor 1 is NaN");
        assertThatThrownBy(() -> LocalContribution.linear(new double[][] {{1, 2}}, new double[] {Double.NaN}, 2))
                .hasMessageContaining("row 0: outcome is NaN");
    }

    @Test
    void mismatchedCoefficientLengthIsExplained() {
        assertThatThrownBy(() -> LocalContribution.logistic(X, Y, new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0 has 2 predictor values, expected 1 (2 coefficients including the intercept)");
        FederatedNewton hub = new FederatedNewton(RegressionFamily.LOGISTIC, List.of("a", "b", "c"), 25);
        assertThatThrownBy(() -> hub.fit(beta -> LocalContribution.logistic(X, Y, new double[3])))
                .hasMessageContaining("3 parameters; this fit is LOGISTIC with 4");
    }

    @Test
    void nonBinaryLogisticOutcomeIsRejected() {
        assertThatThrownBy(() -> LocalContribution.logistic(X, new double[] {0, 0, 2, 0, 1, 1, 0, 1}, new double[3]))
                .hasMessageContaining("row 2: logistic outcome must be 0 or 1, was 2.0");
    }

    @Test
    void constantColumnMakesTheHessianSingularAndIsNamed() {
        double[][] x = new double[X.length][];
        for (int i = 0; i < X.length; i++) {
            x[i] = new double[] {X[i][0], 5.0};
        }
        FederatedNewton logistic = new FederatedNewton(RegressionFamily.LOGISTIC, List.of("dose", "site"), 25);
        assertThatThrownBy(() -> logistic.fit(beta -> LocalContribution.logistic(x, Y, beta)))
                .isInstanceOf(SingularHessianException.class)
                .hasMessageContaining("at term 'site'")
                .hasMessageContaining("constant column")
                .hasMessageContaining("separation");
        FederatedNewton linear = new FederatedNewton(RegressionFamily.LINEAR, List.of("dose", "site"), 1);
        assertThatThrownBy(() -> linear.fit(beta -> LocalContribution.linear(x, Y, 2)))
                .isInstanceOf(SingularHessianException.class)
                .hasMessageContaining("at term 'site'");
    }

    @Test
    void perfectSeparationEndsInAClearError() {
        double[][] x = {{1}, {2}, {3}, {4}, {5}, {6}};
        double[] y = {0, 0, 0, 1, 1, 1};
        FederatedNewton hub = new FederatedNewton(RegressionFamily.LOGISTIC, List.of("dose"), 200);
        // the likelihood has no maximum: the weights vanish (singular Hessian) or the deviance reaches zero
        assertThatThrownBy(() -> hub.fit(beta -> LocalContribution.logistic(x, y, beta)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("separation");
    }

    @Test
    void vectorLayoutRoundTripsAndAddsLikeContributions() {
        double[] beta = {0.1, -0.2, 0.05};
        double[][] xa = {X[0], X[1], X[2]};
        double[][] xb = {X[3], X[4], X[5], X[6], X[7]};
        LocalContribution a = LocalContribution.logistic(xa, new double[] {Y[0], Y[1], Y[2]}, beta);
        LocalContribution b = LocalContribution.logistic(xb, new double[] {Y[3], Y[4], Y[5], Y[6], Y[7]}, beta);
        LocalContribution all = LocalContribution.logistic(X, Y, beta);

        double[] va = a.toVector();
        assertThat(va).hasSize(LocalContribution.vectorLength(3)).hasSize(2 + 3 + 6);
        assertThat(va[0]).isEqualTo(3.0);
        assertThat(LocalContribution.fromVector(RegressionFamily.LOGISTIC, 3, va).toVector()).containsExactly(va);

        double[] vb = b.toVector();
        double[] summed = new double[va.length];
        for (int i = 0; i < va.length; i++) {
            summed[i] = va[i] + vb[i];
        }
        double[] expected = all.toVector();
        for (int i = 0; i < expected.length; i++) {
            assertThat(summed[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(a.plus(b).rows()).isEqualTo(8);
        // information (0,1) = sum w*x1 in packed position 1, (1,1) at position p = 3
        assertThat(all.informationMatrix()[0][1]).isEqualTo(all.information()[1]);
        assertThat(all.informationMatrix()[1][1]).isEqualTo(all.information()[3]);
    }

    @Test
    void malformedVectorsAndMixedContributionsAreRejected() {
        assertThatThrownBy(() -> LocalContribution.fromVector(RegressionFamily.LINEAR, 3, new double[5]))
                .hasMessageContaining("length 5, expected 11 for 3 parameters");
        double[] v = new double[11];
        v[0] = 2.5;
        assertThatThrownBy(() -> LocalContribution.fromVector(RegressionFamily.LINEAR, 3, v))
                .hasMessageContaining("row count must be a non-negative whole number");
        LocalContribution lin = LocalContribution.linear(X, Y, 2);
        LocalContribution log = LocalContribution.logistic(X, Y, new double[3]);
        assertThatThrownBy(() -> lin.plus(log)).hasMessageContaining("cannot add a LOGISTIC contribution");
    }

    @Test
    void linearFitNeedsMoreRowsThanParameters() {
        double[][] x = {{1, 2}, {2, 1}, {3, 7}};
        FederatedNewton hub = new FederatedNewton(RegressionFamily.LINEAR, List.of("a", "b"), 1);
        assertThatThrownBy(() -> hub.fit(beta -> LocalContribution.linear(x, new double[] {1, 2, 3}, 2)))
                .hasMessageContaining("needs more than 3 rows in total, got 3");
    }

    @Test
    void linearFitOnExactDataRecoversTheLine() {
        double[][] x = {{0}, {1}, {2}, {3}, {4}};
        double[] y = {1, 3.5, 5, 7.5, 9};
        RegressionResult r = new FederatedNewton(RegressionFamily.LINEAR, List.of("x"), 1)
                .fit(beta -> LocalContribution.linear(x, y, 1));
        // least squares by hand: xbar 2, ybar 5.2, Sxy 20, Sxx 10 -> slope 2, intercept 1.2; RSS 0.3
        assertThat(r.coefficients()[1]).isCloseTo(2.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.coefficients()[0]).isCloseTo(1.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.deviance()).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
        // se(slope) = sqrt(RSS/(n-2) / Sxx) = sqrt(0.1 / 10)
        assertThat(r.standardErrors()[1]).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
    }
}
