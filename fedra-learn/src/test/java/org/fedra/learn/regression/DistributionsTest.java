package org.fedra.learn.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Checks against closed forms (t with 1 and 2 degrees of freedom) and well-known constants. */
class DistributionsTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.5, 1.0, 1.7, 2.5, 4.0, 10.0, 63.7, 1e4})
    void studentTailWithOneDegreeIsCauchy(double t) {
        double exact = 1 - 2 / Math.PI * Math.atan(t);
        assertThat(Distributions.studentTwoSidedP(t, 1)).isCloseTo(exact, within(1e-13));
        assertThat(Distributions.studentTwoSidedP(-t, 1)).isCloseTo(exact, within(1e-13));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.2, 0.9, 1.5, 3.0, 7.0, 30.0, 500.0})
    void studentTailWithTwoDegreesHasClosedForm(double t) {
        double exact = 1 - t / Math.sqrt(2 + t * t);
        assertThat(Distributions.studentTwoSidedP(t, 2)).isCloseTo(exact, within(1e-13));
    }

    @Test
    void normalTailMatchesKnownValues() {
        // erfc(1/sqrt 2), erfc(2/sqrt 2), erfc(3/sqrt 2)
        assertThat(Distributions.normalTwoSidedP(1)).isCloseTo(0.31731050786291410, within(1e-14));
        assertThat(Distributions.normalTwoSidedP(-2)).isCloseTo(0.04550026389635842, within(1e-14));
        assertThat(Distributions.normalTwoSidedP(3)).isCloseTo(0.0026997960632601866, within(1e-15));
        assertThat(Distributions.normalTwoSidedP(0)).isEqualTo(1.0);
    }

    @Test
    void criticalValues() {
        assertThat(Distributions.normalTwoSidedCritical(0.05)).isCloseTo(1.959963984540054, within(1e-12));
        assertThat(Distributions.studentTwoSidedCritical(0.05, 1)).isCloseTo(Math.tan(Math.PI * 0.475), within(1e-10));
        double q = 0.975;
        double df2 = (2 * q - 1) * Math.sqrt(2 / (4 * q * (1 - q)));
        assertThat(Distributions.studentTwoSidedCritical(0.05, 2)).isCloseTo(df2, within(1e-12));
        // qt(0.975, 30) and qt(0.975, 670) as tabulated by R
        assertThat(Distributions.studentTwoSidedCritical(0.05, 30)).isCloseTo(2.042272456301238, within(1e-10));
        // with many degrees of freedom t approaches the normal
        assertThat(Distributions.studentTwoSidedP(1.959963984540054, 1e7)).isCloseTo(0.05, within(1e-7));
    }

    @Test
    void lnGammaKnownValues() {
        assertThat(Distributions.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(Distributions.lnGamma(1)).isCloseTo(0, within(1e-14));
        assertThat(Distributions.lnGamma(10)).isCloseTo(Math.log(362880), within(1e-12));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> Distributions.studentTwoSidedP(1, 0)).hasMessageContaining("degrees of freedom");
        assertThatThrownBy(() -> Distributions.normalTwoSidedP(Double.NaN)).hasMessageContaining("z must be finite");
        assertThatThrownBy(() -> Distributions.normalTwoSidedCritical(1.5)).hasMessageContaining("alpha");
    }
}
