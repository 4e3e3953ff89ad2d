package org.fedra.privacy.shamir;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One share of a Shamir sharing: the value of the sharing polynomial at the point {@code index}.
 *
 * @param index the evaluation point, 1-based (0 would be the secret itself)
 * @param value the polynomial's value at {@code index}, an element of the field
 */
public record ShamirShare(int index, BigInteger value) {

    /** Number of bytes of {@link #encodeValue()}: a field element of 521 bits. */
    public static final int VALUE_BYTES = 66;

    /**
     * @throws IllegalArgumentException if the index is not positive or the value is outside the field
     */
    public ShamirShare {
        if (index < 1) {
            throw new IllegalArgumentException("share index must be >= 1, was " + index);
        }
        Objects.requireNonNull(value, "share value");
        if (value.signum() < 0 || value.compareTo(ShamirSecretSharing.PRIME) >= 0) {
            throw new IllegalArgumentException("share " + index + " has a value outside the field GF(2^521-1)");
        }
    }

    /** The value as exactly {@value #VALUE_BYTES} big-endian bytes, for encryption and transport. */
    public byte[] encodeValue() {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[VALUE_BYTES];
        int copy = Math.min(raw.length, VALUE_BYTES);
        System.arraycopy(raw, raw.length - copy, out, VALUE_BYTES - copy, copy);
        return out;
    }

    /**
     * Inverse of {@link #encodeValue()}.
     *
     * @throws IllegalArgumentException if the bytes are not {@value #VALUE_BYTES} long or not a field element
     */
    public static ShamirShare decode(int index, byte[] value) {
        if (value.length != VALUE_BYTES) {
            throw new IllegalArgumentException("share value must be " + VALUE_BYTES + " bytes, was " + value.length);
        }
        return new ShamirShare(index, new BigInteger(1, value));
    }

    @Override
    public String toString() {
        // Never print share values: a log of t of them would leak the secret.
        return "ShamirShare[index=" + index + "]";
    }
}
