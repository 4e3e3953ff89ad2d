package org.fedra.privacy.dp;

import java.util.random.RandomGenerator;

/**
 * The discrete Laplace mechanism for integer-valued queries (counts, fixed-point sums): adds
 * {@link DiscreteLaplace} noise of scale {@code Δ1/ε} to every coordinate. Each release is
 * {@code (ε, 0)}-DP when the query changes by at most {@code Δ1} in L1 norm between neighbouring
 * data sets (Canonne, Kamath, Steinke 2020, Section 2 / Ghosh et al. 2009).
 */
public final class DiscreteLaplaceMechanism extends IntegerNoiseMechanism {
    private final double epsilon;
    private final long l1Sensitivity;
    private final DiscreteLaplace noise;

    /**
     * @param epsilon the privacy parameter of one release, {@code > 0}
     * @param l1Sensitivity the L1 sensitivity of the integer query, {@code >= 1}
     */
    public DiscreteLaplaceMechanism(double epsilon, long l1Sensitivity) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, was " + epsilon);
        }
        if (l1Sensitivity < 1) {
            throw new IllegalArgumentException("L1 sensitivity must be >= 1, was " + l1Sensitivity);
        }
        this.epsilon = epsilon;
        this.l1Sensitivity = l1Sensitivity;
        // scale exactly Δ/ε with ε read as its shortest decimal (0.1 -> 1/10); the double epsilon()
        // reports differs from that decimal by under one ulp
        this.noise = new DiscreteLaplace(Rational.of(l1Sensitivity).divide(Rational.ofDecimal(epsilon)));
    }

    /** The pure-DP epsilon of one release. */
    public double epsilon() {
        return epsilon;
    }

    public long l1Sensitivity() {
        return l1Sensitivity;
    }

    @Override
    public RdpCurve cost(double[] orders) {
        return RdpCurve.pure(epsilon, orders);
    }

    /** The guarantee of one release: {@code (ε, 0)}. */
    public EpsilonDelta guarantee() {
        return new EpsilonDelta(epsilon, 0, Double.POSITIVE_INFINITY);
    }

    @Override
    long sampleNoise(RandomGenerator rng) {
        return noise.sampleLong(rng);
    }
}
