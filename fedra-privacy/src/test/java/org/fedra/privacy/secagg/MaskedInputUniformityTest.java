package org.fedra.privacy.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A single masked input, seen alone, must look like uniform random words. The test computes a
 * chi-square statistic over the 256 byte values of the little-endian words and compares it with
 * the 99.9% quantile of the chi-square distribution with 255 degrees of freedom (330.5, from
 * standard tables). The control shows the same test rejects the unmasked encoding of the same
 * input, so it would fail if the masks were missing.
 */
class MaskedInputUniformityTest {

    private static final double CHI_SQUARE_255_Q999 = 330.5;
    private static final int LENGTH = 8192; // 65,536 bytes, 256 expected per byte value

    @Test
    void aSingleMaskedInputIsIndistinguishableFromUniformBytes() {
        RoundDriver round = new RoundDriver(
                new RoundParameters("round-u", 6, LENGTH, FixedPointCodec.forClients(10)), 10, RoundDriver.seeded(21));
        // Highly structured inputs: every value 1.0, so unmasked bytes are mostly zero.
        round.inputs.replaceAll((id, x) -> filled(1.0));
        AggregationResult result = round.run();

        for (String id : new String[] {"node-00", "node-05", "node-09"}) {
            double chi = chiSquareOfBytes(round.maskedInputs.get(id).maskedVector());
            assertThat(chi).as("chi-square of %s's masked input", id).isLessThan(CHI_SQUARE_255_Q999);
        }
        // Control: the same statistic on the unmasked encoded input is far beyond the quantile.
        double control = chiSquareOfBytes(round.parameters.codec().encode(filled(1.0)));
        assertThat(control).isGreaterThan(100 * CHI_SQUARE_255_Q999);
        // And the masks still cancel: ten inputs of 1.0 sum to exactly 10.0.
        assertThat(result.sum()).containsOnly(10.0);
    }

    @Test
    void theControlAlsoRejectsAnInputMaskedOnlyWithASmallPerturbation() {
        long[] nearlyRaw = RoundDriver.seeded(22).longs(LENGTH, 0, 1 << 20).toArray();
        assertThat(chiSquareOfBytes(nearlyRaw)).isGreaterThan(CHI_SQUARE_255_Q999);
    }

    private static double[] filled(double value) {
        double[] x = new double[LENGTH];
        Arrays.fill(x, value);
        return x;
    }

    static double chiSquareOfBytes(long[] words) {
        long[] counts = new long[256];
        for (long w : words) {
            for (int b = 0; b < 8; b++) {
                counts[(int) ((w >>> (8 * b)) & 0xff)]++;
            }
        }
        double expected = words.length * 8 / 256.0;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }
}
