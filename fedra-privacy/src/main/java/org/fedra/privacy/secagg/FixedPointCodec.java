package org.fedra.privacy.secagg;

/**
 * Fixed-point encoding of real values into the ring Z_{2^64} in which masks cancel.
 *
 * <p>A value x is encoded as round(x * 2^16) (resolution 2^-16, so each value carries an error of
 * at most 2^-17) in two's complement. Values must satisfy |x| &lt;= {@code maxAbsValue}, and the
 * codec is built for at most {@code maxClients} summands: it refuses any configuration where
 * {@code maxClients * maxAbsValue * 2^16} could leave the signed 64-bit range, so a sum of valid
 * inputs never wraps. Out-of-range, NaN or infinite inputs are errors, never clipped or wrapped.
 */
public final class FixedPointCodec {

    /** Fractional bits of the encoding: values are multiples of 2^-16. */
    public static final int FRACTION_BITS = 16;

    /** Scale factor 2^16. */
    public static final double SCALE = 1L << FRACTION_BITS;

    /** Resolution of one encoded value, 2^-16. */
    public static final double RESOLUTION = 1.0 / SCALE;

    /** Default bound on |x|: 2^30 (about 1.07e9), allowing up to 2^16 clients. */
    public static final double DEFAULT_MAX_ABS_VALUE = 1L << 30;

    private final double maxAbsValue;
    private final int maxClients;

    /**
     * @param maxAbsValue largest allowed |x| of one client's value
     * @param maxClients  largest number of vectors that will be summed
     * @throws IllegalArgumentException if the sum of {@code maxClients} extreme values could overflow 64 bits
     */
    public FixedPointCodec(double maxAbsValue, int maxClients) {
        if (!(maxAbsValue > 0) || Double.isInfinite(maxAbsValue)) {
            throw new IllegalArgumentException("maxAbsValue must be positive and finite, was " + maxAbsValue);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1, was " + maxClients);
        }
        // Headroom check in doubles, with 1 unit of slack for rounding: n * (|x|*2^16 + 1) < 2^63.
        double worstSum = maxClients * (Math.ceil(maxAbsValue * SCALE) + 1);
        if (worstSum >= 0x1p63) {
            throw new IllegalArgumentException("range " + maxAbsValue + " with " + maxClients
                    + " clients could overflow the 64-bit sum; lower one of them");
        }
        this.maxAbsValue = maxAbsValue;
        this.maxClients = maxClients;
    }

    /** The default range (|x| &lt;= 2^30) for the given number of clients. */
    public static FixedPointCodec forClients(int maxClients) {
        return new FixedPointCodec(DEFAULT_MAX_ABS_VALUE, maxClients);
    }

    /** Largest allowed |x|. */
    public double maxAbsValue() {
        return maxAbsValue;
    }

    /** Largest number of summands. */
    public int maxClients() {
        return maxClients;
    }

    /**
     * Encodes a vector.
     *
     * @throws IllegalArgumentException naming the first index whose value is NaN, infinite or out of range
     */
    public long[] encode(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            if (Double.isNaN(x) || Math.abs(x) > maxAbsValue) {
                throw new IllegalArgumentException("value " + x + " at index " + i
                        + " is outside the secure-aggregation range [-" + maxAbsValue + ", " + maxAbsValue + "]");
            }
            out[i] = Math.round(x * SCALE);
        }
        return out;
    }

    /**
     * Decodes a sum of at most {@link #maxClients()} encoded vectors.
     *
     * @param summands how many vectors were added, checked against {@link #maxClients()}
     */
    public double[] decodeSum(long[] sum, int summands) {
        if (summands > maxClients) {
            throw new IllegalArgumentException("sum of " + summands + " vectors exceeds the codec's "
                    + maxClients + "-client range; it may have wrapped");
        }
        double[] out = new double[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = sum[i] * RESOLUTION;
        }
        return out;
    }
}
