package org.fedra.privacy.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearSystemTest {

    @Test
    void findsExactlyTheDeterminedUnknowns() {
        // x0 + x1 = 5, x1 + x2 = 7, x0 + x1 + x2 = 10  ->  x2 = 5, x0 = 3, x1 = 2
        LinearSystem s = new LinearSystem(4);
        s.addEquation(new long[] {1, 1, 0, 0}, 5);
        s.addEquation(new long[] {0, 1, 1, 0}, 7);
        s.addEquation(new long[] {1, 1, 1, 0}, 10);
        s.addEquation(new long[] {0, 0, 0, 0}, 0);
        Map<Integer, BigInteger[]> d = s.determined();
        assertThat(d).containsOnlyKeys(0, 1, 2); // x3 appears nowhere
        assertThat(d.get(0)[0].divide(d.get(0)[1])).isEqualTo(BigInteger.valueOf(3));
        assertThat(d.get(1)[0].divide(d.get(1)[1])).isEqualTo(BigInteger.valueOf(2));
        assertThat(d.get(2)[0].divide(d.get(2)[1])).isEqualTo(BigInteger.valueOf(5));
    }

    @Test
    void longAndBigIntegerEliminationAgree() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int trial = 0; trial < 200; trial++) {
            int n = rng.nextInt(1, 12);
            int m = rng.nextInt(1, 14);
            LinearSystem s = new LinearSystem(n);
            for (int r = 0; r < m; r++) {
                long[] c = new long[n];
                for (int k = 0; k < n; k++) {
                    c[k] = rng.nextInt(4) == 0 ? 1 : 0;
                }
                s.addEquation(c, rng.nextInt(100));
            }
            Map<Integer, BigInteger[]> fast = s.determined();
            Map<Integer, BigInteger[]> exact = s.determinedInBigIntegers();
            assertThat(fast.keySet()).isEqualTo(exact.keySet());
            fast.forEach((k, v) -> assertThat(v[0].multiply(exact.get(k)[1])).isEqualTo(exact.get(k)[0].multiply(v[1])));
        }
    }
}
