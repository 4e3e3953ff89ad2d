package org.fedra.privacy.dp;

/**
 * Norm clipping of contribution vectors, which bounds the sensitivity that the noise is
 * calibrated to. The result's norm is guaranteed (not merely intended) to be at most the bound:
 * rounding in the rescale is corrected.
 */
public final class Clipping {
    private Clipping() {
    }

    /** {@code v} scaled by {@code min(1, bound/‖v‖₂)}; a new array. */
    public static double[] l2(double[] v, double bound) {
        checkBound(bound);
        double norm = l2Norm(v);
        if (norm <= bound) {
            return v.clone();
        }
        double factor = bound / norm;
        double[] out = scaled(v, factor);
        while (l2Norm(out) > bound) {
            factor = Math.nextDown(factor);
            out = scaled(v, factor);
        }
        return out;
    }

    /** {@code v} scaled by {@code min(1, bound/‖v‖₁)}; a new array. */
    public static double[] l1(double[] v, double bound) {
        checkBound(bound);
        double norm = l1Norm(v);
        if (norm <= bound) {
            return v.clone();
        }
        double factor = bound / norm;
        double[] out = scaled(v, factor);
        while (l1Norm(out) > bound) {
            factor = Math.nextDown(factor);
            out = scaled(v, factor);
        }
        return out;
    }

    /** The Euclidean norm, scaled internally so it neither overflows nor underflows. */
    public static double l2Norm(double[] v) {
        double max = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("vector has a non-finite entry: " + x);
            }
            max = Math.max(max, Math.abs(x));
        }
        if (max == 0) {
            return 0;
        }
        double sum = 0;
        for (double x : v) {
            double y = x / max;
            sum += y * y;
        }
        return max * Math.sqrt(sum);
    }

    /** The L1 norm. */
    public static double l1Norm(double[] v) {
        double sum = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("vector has a non-finite entry: " + x);
            }
            sum += Math.abs(x);
        }
        return sum;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * factor;
        }
        return out;
    }

    private static void checkBound(double bound) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("clipping bound must be positive and finite, was " + bound);
        }
    }
}
