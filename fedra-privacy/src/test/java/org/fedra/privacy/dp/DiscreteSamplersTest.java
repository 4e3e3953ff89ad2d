package org.fedra.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiscreteSamplersTest {
    private static final int N = 100_000;

    @Test
    void discreteLaplaceMatchesItsMeanVarianceAndMass() {
        DiscreteLaplace lap = new DiscreteLaplace(Rational.of(5, 2)); // scale 2.5
        SplittableRandom rng = new SplittableRandom(20260101L);
        double sum = 0;
        double sumSq = 0;
        int zeros = 0;
        for (int i = 0; i < N; i++) {
            long z = lap.sampleLong(rng);
            sum += z;
            sumSq += (double) z * z;
            if (z == 0) {
                zeros++;
            }
        }
        double var = lap.variance();
        double e = Math.exp(-1 / 2.5);
        assertThat(var).isCloseTo(2 * e / ((1 - e) * (1 - e)), within(1e-12));
        assertThat(sum / N).isCloseTo(0, within(5 * Math.sqrt(var / N)));
        assertThat(sumSq / N).isCloseTo(var, within(var * 0.03));
        double p0 = (1 - e) / (1 + e);
        assertThat((double) zeros / N).isCloseTo(p0, within(5 * Math.sqrt(p0 * (1 - p0) / N)));
    }

    @Test
    void discreteGaussianMatchesItsMeanVarianceAndMass() {
        DiscreteGaussian g = DiscreteGaussian.withSigma(3.0);
        SplittableRandom rng = new SplittableRandom(7L);
        double sum = 0;
        double sumSq = 0;
        int zeros = 0;
        int ones = 0;
        for (int i = 0; i < N; i++) {
            long z = g.sampleLong(rng);
            sum += z;
            sumSq += (double) z * z;
            if (z == 0) {
                zeros++;
            } else if (z == 1) {
                ones++;
            }
        }
        double var = g.variance();
        assertThat(var).isCloseTo(9.0, within(1e-6)); // for σ = 3 the discrete variance equals σ² to ~1e-75
        assertThat(sum / N).isCloseTo(0, within(5 * Math.sqrt(var / N)));
        assertThat(sumSq / N).isCloseTo(var, within(var * 0.03));
        double norm = 0;
        for (int z = -60; z <= 60; z++) {
            norm += Math.exp(-z * z / 18.0);
        }
        double p0 = 1 / norm;
        double p1 = Math.exp(-1 / 18.0) / norm;
        assertThat((double) zeros / N).isCloseTo(p0, within(5 * Math.sqrt(p0 * (1 - p0) / N)));
        assertThat((double) ones / N).isCloseTo(p1, within(5 * Math.sqrt(p1 * (1 - p1) / N)));
    }

    @Test
    void discreteGaussianPassesChiSquareGoodnessOfFit() {
        // σ² = 7/2 (a non-integer rational); bins -8..8 plus two tails, 18 degrees of freedom
        DiscreteGaussian g = new DiscreteGaussian(Rational.of(7, 2));
        SplittableRandom rng = new SplittableRandom(31337);
        int[] observed = new int[19];
        for (int i = 0; i < N; i++) {
            long z = g.sampleLong(rng);
            observed[(int) Math.max(-9, Math.min(9, z)) + 9]++;
        }
        double norm = 0;
        double[] mass = new double[61];
        for (int z = -30; z <= 30; z++) {
            mass[z + 30] = Math.exp(-z * z / 7.0);
            norm += mass[z + 30];
        }
        double chi2 = 0;
        for (int bin = 0; bin < 19; bin++) {
            int z = bin - 9;
            double p = 0;
            for (int k = -30; k <= 30; k++) {
                if (Math.max(-9, Math.min(9, k)) == z) {
                    p += mass[k + 30] / norm;
                }
            }
            double expected = p * N;
            chi2 += (observed[bin] - expected) * (observed[bin] - expected) / expected;
        }
        assertThat(chi2).isLessThan(42.3); // 0.999 quantile of chi-square with 18 degrees of freedom
    }

    @Test
    void smallSigmaDiscreteGaussianHasVarianceBelowSigmaSquared() {
        DiscreteGaussian g = new DiscreteGaussian(Rational.of(1, 4)); // σ = 1/2
        SplittableRandom rng = new SplittableRandom(99L);
        double sumSq = 0;
        for (int i = 0; i < N; i++) {
            long z = g.sampleLong(rng);
            sumSq += (double) z * z;
        }
        double var = g.variance();
        assertThat(var).isLessThan(0.25);
        assertThat(sumSq / N).isCloseTo(var, within(0.01));
    }

    @Test
    void bigIntegerPathsMatchTheirDistributions() {
        // parameters whose numerators/denominators exceed 2^62 force the BigInteger code paths
        java.math.BigInteger twoTo70 = java.math.BigInteger.ONE.shiftLeft(70);
        Rational scale = Rational.of(twoTo70.multiply(java.math.BigInteger.valueOf(5)).add(java.math.BigInteger.ONE),
                twoTo70.shiftLeft(1)); // 2.5 + 2^-71
        DiscreteLaplace lap = new DiscreteLaplace(scale);
        DiscreteGaussian gauss = new DiscreteGaussian(Rational.of(twoTo70.multiply(java.math.BigInteger.valueOf(9))
                .add(java.math.BigInteger.ONE), twoTo70)); // σ² = 9 + 2^-70
        SplittableRandom rng = new SplittableRandom(8);
        int n = 40_000;
        double lapSq = 0;
        double gaussSq = 0;
        double gaussSum = 0;
        for (int i = 0; i < n; i++) {
            long z = lap.sampleLong(rng);
            lapSq += (double) z * z;
            long g = gauss.sampleLong(rng);
            gaussSq += (double) g * g;
            gaussSum += g;
        }
        assertThat(lapSq / n).isCloseTo(lap.variance(), within(lap.variance() * 0.05));
        assertThat(gaussSq / n).isCloseTo(9.0, within(9.0 * 0.05));
        assertThat(gaussSum / n).isCloseTo(0, within(5 * 3 / Math.sqrt(n)));
    }

    @Test
    void sameSeedGivesSameSamples() {
        DiscreteGaussian g = DiscreteGaussian.withSigma(10.5);
        long[] a = new long[50];
        long[] b = new long[50];
        SplittableRandom r1 = new SplittableRandom(5);
        SplittableRandom r2 = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            a[i] = g.sampleLong(r1);
            b[i] = g.sampleLong(r2);
        }
        assertThat(a).isEqualTo(b);
    }

    @Test
    void exactCoinHasItsProbability() {
        SplittableRandom rng = new SplittableRandom(3);
        Rational gamma = Rational.of(7, 4); // exp(-1.75)
        int hits = 0;
        for (int i = 0; i < N; i++) {
            if (ExactCoins.bernoulliExp(gamma, rng)) {
                hits++;
            }
        }
        double p = Math.exp(-1.75);
        assertThat((double) hits / N).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / N)));
    }

    @Test
    void rejectsInvalidParameters() {
        assertThatThrownBy(() -> new DiscreteLaplace(Rational.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> DiscreteGaussian.withSigma(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma");
        assertThatThrownBy(() -> new DiscreteLaplaceMechanism(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new DiscreteLaplaceMechanism(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensitivity");
        assertThatThrownBy(() -> Rational.of(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("denominator");
    }
}
