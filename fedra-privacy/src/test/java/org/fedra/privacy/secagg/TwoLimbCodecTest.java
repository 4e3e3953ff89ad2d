package org.fedra.privacy.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The two-limb encoding: precision of a real secure-aggregation round, refusal beyond the declared bound. */
class TwoLimbCodecTest {

    @Test
    void secureSumOfTwoLimbVectorsIsExactToTwoToTheMinus38() {
        int clients = 4;
        int values = 6;
        TwoLimbCodec codec = new TwoLimbCodec(1e6, clients);
        RoundParameters parameters = new RoundParameters("two-limb", 3, TwoLimbCodec.limbLength(values), codec.limbCodec());
        SecureRandom random = RoundDriver.seeded(11);
        RoundDriver driver = new RoundDriver(parameters, clients, random);
        double[][] raw = new double[clients][values];
        BigDecimal[] exact = new BigDecimal[values];
        java.util.Arrays.fill(exact, BigDecimal.ZERO);
        int c = 0;
        for (String id : driver.clients.keySet()) {
            for (int i = 0; i < values; i++) {
                // values with bits far below 2^-16, as a gradient or log-likelihood has
                raw[c][i] = (random.nextDouble() - 0.5) * 2e5 + random.nextDouble() * 1e-9;
                exact[i] = exact[i].add(new BigDecimal(raw[c][i]));
            }
            driver.inputs.put(id, codec.split(raw[c]));
            c++;
        }
        double[] sum = TwoLimbCodec.join(driver.run().sum());
        double worstTwoLimb = 0;
        double worstOneLimb = 0;
        for (int i = 0; i < values; i++) {
            worstTwoLimb = Math.max(worstTwoLimb, Math.abs(new BigDecimal(sum[i]).subtract(exact[i]).doubleValue()));
            double oneLimb = 0;
            for (double[] r : raw) {
                oneLimb += Math.round(r[i] * FixedPointCodec.SCALE) / FixedPointCodec.SCALE;
            }
            worstOneLimb = Math.max(worstOneLimb, Math.abs(new BigDecimal(oneLimb).subtract(exact[i]).doubleValue()));
        }
        // four clients, each limb pair off by at most 2^-41, plus double rounding of the sum itself (|sum| < 4e5)
        assertThat(worstTwoLimb).isLessThan(0x1p-38 + 4e5 * 0x1p-52);
        // the plain 2^-16 grid is off by up to 4 * 2^-17 = 3e-5, which a Newton step can amplify past 1e-6
        assertThat(worstOneLimb).isGreaterThan(1e-7);
    }

    @Test
    void splitThenJoinOfOneVectorRestoresIt() {
        TwoLimbCodec codec = new TwoLimbCodec(1000, 2);
        double[] v = {0.1, -999.999999123, 1e-12, 0};
        double[] back = TwoLimbCodec.join(codec.split(v));
        for (int i = 0; i < v.length; i++) {
            assertThat(Math.abs(back[i] - v[i])).isLessThan(1e-12);
        }
    }

    @Test
    void aValueBeyondTheDeclaredBoundIsRefusedWithItsIndex() {
        TwoLimbCodec codec = new TwoLimbCodec(1000, 4);
        assertThatThrownBy(() -> codec.split(new double[] {1, 2, 1000.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 2").hasMessageContaining("1000.5").hasMessageContaining("declared range");
        assertThatThrownBy(() -> codec.split(new double[] {Double.NaN}))
                .hasMessageContaining("index 0");
        assertThatThrownBy(() -> codec.split(new double[] {Double.NEGATIVE_INFINITY}))
                .hasMessageContaining("index 0");
    }

    @Test
    void aBoundThatCouldWrapTheSumIsRefusedUpFront() {
        assertThatThrownBy(() -> new TwoLimbCodec(0x1p46, 2048))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflow");
        assertThatThrownBy(() -> new TwoLimbCodec(0, 4)).hasMessageContaining("maxAbsValue");
        assertThat(new TwoLimbCodec(0x1p40, 64).limbCodec().maxClients()).isEqualTo(64);
    }

    @Test
    void joinRefusesAnOddLimbVector() {
        assertThatThrownBy(() -> TwoLimbCodec.join(new double[3])).hasMessageContaining("even length");
    }
}
