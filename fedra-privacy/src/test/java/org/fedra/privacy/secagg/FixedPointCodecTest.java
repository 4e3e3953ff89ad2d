package org.fedra.privacy.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FixedPointCodecTest {

    private final FixedPointCodec codec = FixedPointCodec.forClients(10);

    @Test
    void encodesAtResolutionTwoToTheMinusSixteen() {
        assertThat(codec.encode(new double[] {1.0, -1.0, 0.5, FixedPointCodec.RESOLUTION, -2.25, 0.0}))
                .containsExactly(65536L, -65536L, 32768L, 1L, -147456L, 0L);
        assertThat(codec.encode(new double[] {0.3})[0]).isEqualTo(Math.round(0.3 * 65536)).isEqualTo(19661L);
        assertThat(codec.decodeSum(new long[] {65536L * 3, -1L}, 3)).containsExactly(3.0, -FixedPointCodec.RESOLUTION);
    }

    @Test
    void outOfRangeNanAndInfinityAreErrorsNamingTheIndex() {
        double over = FixedPointCodec.DEFAULT_MAX_ABS_VALUE * 1.0000001;
        assertThatThrownBy(() -> codec.encode(new double[] {0, 1, -over}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at index 2").hasMessageContaining("outside");
        assertThatThrownBy(() -> codec.encode(new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN at index 0");
        assertThatThrownBy(() -> codec.encode(new double[] {1, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at index 1");
    }

    @Test
    void aRangeWithoutHeadroomForTheClientsIsRefused() {
        // 2^30 * 2^16 * 2^17 = 2^63: one bit too many.
        assertThatThrownBy(() -> new FixedPointCodec(FixedPointCodec.DEFAULT_MAX_ABS_VALUE, 1 << 17))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could overflow");
        assertThat(new FixedPointCodec(FixedPointCodec.DEFAULT_MAX_ABS_VALUE, (1 << 17) - 2).maxClients()).isEqualTo((1 << 17) - 2);
        assertThatThrownBy(() -> codec.decodeSum(new long[1], 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the codec's 10-client range");
    }

    @Test
    void theWorstCaseSumOfAllowedClientsFitsInSignedSixtyFourBits() {
        FixedPointCodec c = new FixedPointCodec(1 << 20, 1 << 26);
        long one = c.encode(new double[] {1 << 20})[0];
        assertThat(Math.multiplyHigh(one, 1L << 26)).isZero();
        assertThat(one * (1L << 26)).isPositive();
    }
}
