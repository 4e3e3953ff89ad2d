package org.fedra.hub.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How precisely a pooled figure is released, fixed by the released (rounded) count so that the exact count and the
 * sums behind a figure cannot be worked back from it, in one study or by subtracting the figures of several studies.
 *
 * <p>A figure that one patient moves by about {@code scale / n} (a mean by sd/n, a variance by variance/n, a quantile
 * by bin width/n) is rounded to the power of ten at or above {@value #PATIENTS}&middot;scale/N, where N is the
 * released count: the sum behind the figure is then known only to within about {@value #PATIENTS}/2 patients' worth,
 * so that neither the exact n (from "mean times n is a whole number") nor a small group's sum (by differencing) can be
 * recovered. The step stays below the figure's standard error for any count above {@value #PATIENTS}&sup2;, so it
 * costs no scientific precision there. The scale itself is taken to one significant figure, so the step says
 * nothing more than its order of magnitude.
 */
public record ReleasePrecision(long releasedCount) {
    /** About how many patients' worth of contribution the rounding hides. */
    public static final double PATIENTS = 10;

    public ReleasePrecision {
        if (releasedCount < 1) throw new IllegalArgumentException("a precision needs a released count of at least 1, not " + releasedCount);
    }

    /** The decimal step of a figure that one patient moves by about {@code scale / n}. */
    public BigDecimal step(double scale) {
        double s = Math.abs(scale);
        if (!(s > 0) || !Double.isFinite(s)) s = 1;
        double coarseScale = new BigDecimal(s).round(new java.math.MathContext(1, RoundingMode.HALF_UP)).doubleValue();
        int exponent = (int) Math.ceil(Math.log10(PATIENTS * coarseScale / releasedCount) - 1e-12);
        return BigDecimal.ONE.scaleByPowerOfTen(exponent);
    }

    /** The figure rounded to its step (half away from zero). */
    public double round(double value, double scale) {
        if (!Double.isFinite(value)) return value;
        BigDecimal step = step(scale);
        return new BigDecimal(value).divide(step).setScale(0, RoundingMode.HALF_UP).multiply(step).doubleValue();
    }
}
