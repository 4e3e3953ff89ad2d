package org.fedra.privacy.dp;

import java.util.Arrays;

/**
 * A privacy loss in Rényi DP: the RDP bound {@code ε(α)} at a fixed set of orders {@code α > 1},
 * plus the order-∞ bound, which is the pure-DP {@code ε} when the mechanism has one
 * ({@code +∞} otherwise). Losses of sequentially composed mechanisms add order by order.
 *
 * <p>Conversion to {@code (ε, δ)} takes the best order. {@link #epsilon(double)} uses the improved
 * conversion of Canonne, Kamath, Steinke 2020 (Proposition 12 of arXiv:2004.00010 v4, also
 * Balle et al. 2020, eq. 20): {@code ε = ε(α) + log(1 - 1/α) - log(δα)/(α-1)}, as TensorFlow
 * Privacy and Google's dp_accounting do; {@link #epsilonClassic(double)} is Mironov 2017,
 * Proposition 3: {@code ε = ε(α) - log(δ)/(α-1)}.
 */
public final class RdpCurve {
    /**
     * The orders TensorFlow Privacy's {@code compute_dp_sgd_privacy} uses:
     * 1.25 .. 4.5 in steps, 5 .. 63, 128, 256, 512.
     */
    public static final double[] DEFAULT_ORDERS = defaultOrders();

    private final double[] orders;
    private final double[] values;
    private final double pureEpsilon;

    private RdpCurve(double[] orders, double[] values, double pureEpsilon) {
        this.orders = orders;
        this.values = values;
        this.pureEpsilon = pureEpsilon;
    }

    /**
     * A curve from explicit values.
     *
     * @param orders strictly increasing orders, each {@code > 1}
     * @param values the RDP bound at each order, each {@code >= 0} (may be {@code +∞})
     * @param pureEpsilon the pure-DP epsilon, or {@code +∞} if there is none
     */
    public static RdpCurve of(double[] orders, double[] values, double pureEpsilon) {
        if (orders.length != values.length) {
            throw new IllegalArgumentException("orders (" + orders.length + ") and values (" + values.length
                    + ") differ in length");
        }
        checkOrders(orders);
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i]) || values[i] < 0) {
                throw new IllegalArgumentException("RDP value at order " + orders[i] + " must be >= 0, was " + values[i]);
            }
        }
        if (Double.isNaN(pureEpsilon) || pureEpsilon < 0) {
            throw new IllegalArgumentException("pure epsilon must be >= 0 or +inf, was " + pureEpsilon);
        }
        return new RdpCurve(orders.clone(), values.clone(), pureEpsilon);
    }

    /** No privacy loss at all, on the given orders. */
    public static RdpCurve zero(double[] orders) {
        checkOrders(orders);
        return new RdpCurve(orders.clone(), new double[orders.length], 0);
    }

    /**
     * The loss of a mechanism that is {@code ε}-DP (δ = 0): order-∞ bound {@code ε} and, at each
     * order, {@code min(ε, αε²/2)} (ε-DP implies ε²/2-zCDP, Bun and Steinke 2016, Proposition 3.3).
     */
    public static RdpCurve pure(double epsilon, double[] orders) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, was " + epsilon);
        }
        checkOrders(orders);
        double[] v = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            v[i] = Math.min(epsilon, orders[i] * epsilon * epsilon / 2);
        }
        return new RdpCurve(orders.clone(), v, epsilon);
    }

    /** The loss {@code ρ}-zCDP implies: {@code αρ} at each order, no pure bound. */
    public static RdpCurve zcdp(double rho, double[] orders) {
        if (!(rho >= 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be finite and >= 0, was " + rho);
        }
        checkOrders(orders);
        double[] v = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            v[i] = orders[i] * rho;
        }
        return new RdpCurve(orders.clone(), v, rho == 0 ? 0 : Double.POSITIVE_INFINITY);
    }

    public double[] orders() {
        return orders.clone();
    }

    public double[] values() {
        return values.clone();
    }

    /** The RDP bound at order {@code orders()[i]}. */
    public double value(int i) {
        return values[i];
    }

    public double pureEpsilon() {
        return pureEpsilon;
    }

    /** The loss of running both mechanisms (sequential composition). */
    public RdpCurve plus(RdpCurve other) {
        if (!Arrays.equals(orders, other.orders)) {
            throw new IllegalArgumentException("cannot compose RDP curves over different orders");
        }
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i] + other.values[i];
        }
        return new RdpCurve(orders, v, pureEpsilon + other.pureEpsilon);
    }

    /** The loss of running this mechanism {@code times} times. */
    public RdpCurve times(long times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, was " + times);
        }
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = times == 0 ? 0 : values[i] * times;
        }
        return new RdpCurve(orders, v, times == 0 ? 0 : pureEpsilon * times);
    }

    /**
     * The smallest {@code ε} such that the loss is {@code (ε, δ)}-DP (improved conversion). With
     * {@code δ = 0} only the pure-DP bound applies ({@code +∞} if any charge was not pure).
     */
    public EpsilonDelta epsilon(double delta) {
        if (delta == 0) {
            return new EpsilonDelta(pureEpsilon, 0, Double.POSITIVE_INFINITY);
        }
        checkDelta(delta);
        double best = pureEpsilon;
        double bestOrder = Double.POSITIVE_INFINITY;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = values[i];
            double eps;
            if (delta * delta + Math.expm1(-r) >= 0) {
                eps = 0; // KL bound: δ <= sqrt(1 - e^{-ε(α)}) already holds at ε = 0
            } else if (a > 1.01) { // the bound is unstable and useless as α -> 1
                eps = r + Math.log1p(-1 / a) - Math.log(delta * a) / (a - 1);
            } else {
                eps = Double.POSITIVE_INFINITY;
            }
            if (eps < best) {
                best = eps;
                bestOrder = a;
            }
        }
        return new EpsilonDelta(Math.max(0, best), delta, bestOrder);
    }

    /** The smallest {@code ε} by Mironov's original conversion {@code ε(α) - log(δ)/(α-1)}. */
    public EpsilonDelta epsilonClassic(double delta) {
        checkDelta(delta);
        double best = pureEpsilon;
        double bestOrder = Double.POSITIVE_INFINITY;
        for (int i = 0; i < orders.length; i++) {
            double eps = values[i] - Math.log(delta) / (orders[i] - 1);
            if (eps < best) {
                best = eps;
                bestOrder = orders[i];
            }
        }
        return new EpsilonDelta(best, delta, bestOrder);
    }

    /** The smallest {@code δ} such that the loss is {@code (ε, δ)}-DP (improved conversion). */
    public EpsilonDelta delta(double epsilon) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, was " + epsilon);
        }
        if (epsilon >= pureEpsilon) {
            return new EpsilonDelta(epsilon, 0, Double.POSITIVE_INFINITY);
        }
        double bestLog = 0;
        double bestOrder = Double.NaN;
        for (int i = 0; i < orders.length; i++) {
            double a = orders[i];
            double r = values[i];
            double logDelta = 0.5 * Math.log1p(-Math.exp(-r));
            if (a > 1.01) {
                logDelta = Math.min(logDelta, (a - 1) * (r - epsilon + Math.log1p(-1 / a)) - Math.log(a));
            }
            if (Double.isNaN(bestOrder) || logDelta < bestLog) {
                bestLog = logDelta;
                bestOrder = a;
            }
        }
        return new EpsilonDelta(epsilon, Math.min(1, Math.exp(bestLog)), bestOrder);
    }

    private static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must lie in (0, 1), was " + delta);
        }
    }

    private static void checkOrders(double[] orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("at least one RDP order is needed");
        }
        for (int i = 0; i < orders.length; i++) {
            if (!(orders[i] > 1) || Double.isInfinite(orders[i])) {
                throw new IllegalArgumentException("RDP orders must be finite and > 1, was " + orders[i]);
            }
            if (i > 0 && orders[i] <= orders[i - 1]) {
                throw new IllegalArgumentException("RDP orders must be strictly increasing at index " + i);
            }
        }
    }

    private static double[] defaultOrders() {
        double[] head = {1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5};
        double[] o = new double[head.length + 59 + 3];
        System.arraycopy(head, 0, o, 0, head.length);
        for (int k = 5; k < 64; k++) {
            o[head.length + k - 5] = k;
        }
        o[o.length - 3] = 128;
        o[o.length - 2] = 256;
        o[o.length - 1] = 512;
        return o;
    }

    @Override
    public String toString() {
        return "RdpCurve" + Arrays.toString(values) + " pure=" + pureEpsilon;
    }
}
