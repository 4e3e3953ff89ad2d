package org.fedra.privacy.dp;

import java.util.random.RandomGenerator;

/**
 * A mechanism that adds independent integer noise to every coordinate of an integer query, and
 * knows the privacy loss of one release. The release paths live here once, so that the budgeted
 * release of every mechanism charges before it samples: a refused charge leaves no noisy value.
 */
public abstract class IntegerNoiseMechanism {
    IntegerNoiseMechanism() {}

    /** One draw of this mechanism's noise. */
    abstract long sampleNoise(RandomGenerator rng);

    /** The privacy loss of one release, to charge on a {@link PrivacyBudget}. */
    public abstract RdpCurve cost(double[] orders);

    /** The noisy value of a scalar integer query. */
    public final long release(long value, RandomGenerator rng) {
        return Math.addExact(value, sampleNoise(rng));
    }

    /** The noisy values of a vector integer query (the sensitivity covers the whole vector). */
    public final long[] release(long[] values, RandomGenerator rng) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = release(values[i], rng);
        }
        return out;
    }

    /**
     * Charges one release to {@code budget}, then releases; if the charge is refused
     * ({@link PrivacyBudgetExceededException}) no noisy value exists.
     */
    public final long[] release(long[] values, PrivacyBudget budget, RandomGenerator rng) {
        budget.charge(cost(budget.orders()));
        return release(values, rng);
    }

    /** Scalar form of {@link #release(long[], PrivacyBudget, RandomGenerator)}. */
    public final long release(long value, PrivacyBudget budget, RandomGenerator rng) {
        budget.charge(cost(budget.orders()));
        return release(value, rng);
    }
}
