package org.fedra.privacy.secagg;

import java.util.Objects;

/**
 * A more precise encoding for secure sums whose decoded result is amplified downstream (for instance a Newton
 * step, where the inverse Hessian multiplies gradient rounding). Each value v travels as two limbs,
 * {@code [q(v), (v - q(v)) * 2^24]}, where q(v) is v rounded to the 2^-16 grid of {@link FixedPointCodec}: the
 * high limb is encoded exactly, the low limb carries the remainder (|remainder| &lt;= 2^-17) scaled up so that its
 * own 2^-16 rounding costs only 2^-41 per value. The decoded sum is {@code sum_hi + sum_lo / 2^24}.
 *
 * <p>The bound on |v| is declared up front; a value beyond it is refused with the index that broke it, never
 * clipped or wrapped. The underlying codec checks that a sum over the declared number of clients cannot wrap.
 */
public final class TwoLimbCodec {
    /** Scale of the low limb: 2^24. */
    public static final double LOW_SCALE = 0x1p24;
    /** Largest |low limb|: the remainder is at most 2^-17, times 2^24. */
    private static final double LOW_LIMB_BOUND = 0x1p7;

    private final double maxAbsValue;
    private final FixedPointCodec codec;

    /**
     * @param maxAbsValue largest allowed |v| of one client's value (declared from what the values are)
     * @param maxClients  largest number of clients whose vectors are summed
     * @throws IllegalArgumentException if such a sum could overflow the 64-bit ring
     */
    public TwoLimbCodec(double maxAbsValue, int maxClients) {
        if (!(maxAbsValue > 0) || Double.isInfinite(maxAbsValue)) {
            throw new IllegalArgumentException("maxAbsValue must be positive and finite, was " + maxAbsValue);
        }
        this.maxAbsValue = maxAbsValue;
        // the high limb may exceed the bound by half a grid step after rounding
        this.codec = new FixedPointCodec(Math.max(maxAbsValue + FixedPointCodec.RESOLUTION, LOW_LIMB_BOUND), maxClients);
    }

    /** The codec to put in {@link RoundParameters}; it sees the limbs, never the values. */
    public FixedPointCodec limbCodec() {
        return codec;
    }

    /** Largest allowed |v|. */
    public double maxAbsValue() {
        return maxAbsValue;
    }

    /** Length of the limb vector for {@code values} values: twice as long. */
    public static int limbLength(int values) {
        return 2 * values;
    }

    /**
     * Splits values into limbs {@code [hi_0..hi_{n-1}, lo_0..lo_{n-1}]}.
     *
     * @throws IllegalArgumentException naming the first index whose value is NaN, infinite or beyond the bound
     */
    public double[] split(double[] values) {
        Objects.requireNonNull(values, "values");
        int n = values.length;
        double[] limbs = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || Math.abs(v) > maxAbsValue) {
                throw new IllegalArgumentException("value " + v + " at index " + i + " is outside the declared range ["
                        + -maxAbsValue + ", " + maxAbsValue + "] of this secure sum");
            }
            double hi = Math.round(v * FixedPointCodec.SCALE) / FixedPointCodec.SCALE;
            limbs[i] = hi;
            limbs[n + i] = (v - hi) * LOW_SCALE;
        }
        return limbs;
    }

    /**
     * Joins a decoded sum of limb vectors back into the sum of the values.
     *
     * @throws IllegalArgumentException if the limb vector does not have an even length
     */
    public static double[] join(double[] limbSum) {
        Objects.requireNonNull(limbSum, "limbSum");
        if (limbSum.length % 2 != 0) {
            throw new IllegalArgumentException("a limb vector has even length, this one has " + limbSum.length);
        }
        int n = limbSum.length / 2;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = limbSum[i] + limbSum[n + i] / LOW_SCALE;
        }
        return out;
    }
}
