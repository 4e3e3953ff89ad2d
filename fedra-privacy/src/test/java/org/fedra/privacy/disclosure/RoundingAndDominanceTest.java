package org.fedra.privacy.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RoundingAndDominanceTest {

    @Test
    void roundsToBase() {
        assertThat(Rounding.toBase(12, 5)).isEqualTo(10);
        assertThat(Rounding.toBase(13, 5)).isEqualTo(15);
        assertThat(Rounding.toBase(15, 10)).isEqualTo(20);
        assertThat(Rounding.toBase(14, 10)).isEqualTo(10);
        assertThat(Rounding.toBase(0, 10)).isZero();
        assertThatThrownBy(() -> Rounding.toBase(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rounding.toBase(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomRoundingIsUnbiasedAndOnTheBase() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 100_000;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            long r = Rounding.random(13, 5, rng);
            assertThat(r).isIn(10L, 15L);
            sum += r;
        }
        // E = 10 + 5·3/5 = 13; sd of one draw = 5·sqrt(0.6·0.4)
        assertThat((double) sum / n).isCloseTo(13, within(5 * 5 * Math.sqrt(0.24 / n)));
        assertThat(Rounding.random(20, 5, rng)).isEqualTo(20);
    }

    @Test
    void dominanceRule() {
        DominanceRule rule = new DominanceRule(2, 85);
        assertThat(rule.isSensitive(new double[] {50, 40, 5, 5})).isTrue(); // 90 %
        assertThat(rule.isSensitive(new double[] {40, 40, 10, 10})).isFalse(); // 80 %
        assertThat(rule.isSensitive(new double[] {42.5, 42.5, 15})).isFalse(); // exactly 85 % is not more than k
        assertThat(rule.isSensitive(new double[] {7})).isTrue(); // a single contributor
        assertThat(rule.isSensitive(new double[] {0, 0})).isFalse();
        assertThatThrownBy(() -> new DominanceRule(0, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rule.isSensitive(new double[] {-1})).isInstanceOf(IllegalArgumentException.class);
    }
}
