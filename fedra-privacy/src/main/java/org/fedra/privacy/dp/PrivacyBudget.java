package org.fedra.privacy.dp;

import java.util.Arrays;

/**
 * An {@code (ε, δ)} privacy budget that is enforced, not just reported. Every release or
 * training step is charged as an {@link RdpCurve}; the charges compose in RDP, and a charge is
 * accepted only if the composed loss still converts to {@code (ε', δ)} with {@code ε' <= ε}
 * ({@link RdpCurve#epsilon(double)}, or the pure-DP sum when that is smaller). A refused charge
 * leaves the budget exactly as it was.
 *
 * <p>Not thread-safe; the owner (one study on one node, or one training job) serialises charges.
 */
public final class PrivacyBudget {
    private final double epsilon;
    private final double delta;
    private RdpCurve spent;

    /**
     * A fresh budget over {@link RdpCurve#DEFAULT_ORDERS}.
     *
     * @throws IllegalArgumentException if {@code epsilon <= 0} or {@code delta} is outside [0, 1);
     *         {@code delta = 0} makes a pure-DP budget that only pure charges (Laplace) fit
     */
    public PrivacyBudget(double epsilon, double delta) {
        this(epsilon, delta, RdpCurve.zero(RdpCurve.DEFAULT_ORDERS));
    }

    /**
     * A budget that has already spent {@code spent} (for example restored after a restart).
     */
    public PrivacyBudget(double epsilon, double delta, RdpCurve spent) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("budget epsilon must be positive and finite, was " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("budget delta must lie in [0, 1), was " + delta);
        }
        this.epsilon = epsilon;
        this.delta = delta;
        this.spent = spent;
    }

    public double epsilon() {
        return epsilon;
    }

    public double delta() {
        return delta;
    }

    /** The composed loss of everything charged so far. */
    public RdpCurve spentCurve() {
        return spent;
    }

    /** The {@code (ε, δ)} spent so far, at the budget's δ. */
    public EpsilonDelta spent() {
        return spent.epsilon(delta);
    }

    /** The orders charges must be expressed on. */
    public double[] orders() {
        return spent.orders();
    }

    /** Whether {@code cost} could be charged now. */
    public boolean fits(RdpCurve cost) {
        return spent.plus(checked(cost)).epsilon(delta).epsilon() <= epsilon;
    }

    /**
     * Charges {@code cost}.
     *
     * @return the total {@code (ε, δ)} spent after the charge
     * @throws PrivacyBudgetExceededException if the total would exceed the budget; nothing is charged then
     */
    public EpsilonDelta charge(RdpCurve cost) {
        RdpCurve total = spent.plus(checked(cost));
        EpsilonDelta after = total.epsilon(delta);
        if (after.epsilon() > epsilon) {
            throw new PrivacyBudgetExceededException(String.format(
                    "privacy budget exceeded: total would be epsilon=%.6g at delta=%s, budget is epsilon=%.6g "
                            + "(already spent epsilon=%.6g)",
                    after.epsilon(), delta, epsilon, spent().epsilon()), after.epsilon());
        }
        spent = total;
        return after;
    }

    /**
     * How many more times {@code perStep} can be charged (for example training steps of a
     * sampled Gaussian mechanism), capped at {@code Long.MAX_VALUE / 2}.
     */
    public long remainingSteps(RdpCurve perStep) {
        checked(perStep);
        if (!fits(perStep)) {
            return 0;
        }
        long lo = 1; // fits
        long hi = 2;
        final long cap = Long.MAX_VALUE / 2;
        while (fits(perStep.times(hi))) { // composed loss grows with the number of steps
            lo = hi;
            if (hi >= cap / 2) {
                return cap;
            }
            hi *= 2;
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (fits(perStep.times(mid))) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private RdpCurve checked(RdpCurve cost) {
        if (!Arrays.equals(cost.orders(), spent.orders())) {
            throw new IllegalArgumentException("charge must be expressed on the budget's RDP orders "
                    + Arrays.toString(spent.orders()));
        }
        return cost;
    }
}
