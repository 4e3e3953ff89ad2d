package org.fedra.privacy.ristretto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * An integer modulo the Ristretto255 group order l = 2^252 + 27742317777372353535851937790883648493,
 * encoded as 32 little-endian bytes.
 *
 * <p>Scalar arithmetic is far off the hot path (one random scalar and at most one inversion per PSI
 * session, against one group multiplication per identifier), so it is done with {@link BigInteger}
 * for clarity. BigInteger is not constant time; the secret scalar is only ever touched here at
 * creation, while the per-identifier multiplication, where timing would accumulate, is constant time.
 */
public final class Scalar {
    /** The group order l. */
    public static final BigInteger ORDER =
            BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    /** The scalar 0. */
    public static final Scalar ZERO = new Scalar(BigInteger.ZERO);
    /** The scalar 1. */
    public static final Scalar ONE = new Scalar(BigInteger.ONE);

    private final BigInteger value;
    private final byte[] bytes;

    private Scalar(BigInteger value) {
        this.value = value;
        this.bytes = toLittleEndian(value);
    }

    /** Reduces a non-negative integer modulo l. */
    public static Scalar of(BigInteger v) {
        return new Scalar(v.mod(ORDER));
    }

    /** Reduces a small integer modulo l. */
    public static Scalar of(long v) {
        return of(BigInteger.valueOf(v));
    }

    /**
     * Decodes a canonical 32-byte little-endian scalar.
     *
     * @throws InvalidEncodingException if the length is not 32 or the value is not below l
     */
    public static Scalar decode(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded scalar");
        if (encoded.length != 32) {
            throw new InvalidEncodingException("scalar must be 32 bytes, got " + encoded.length);
        }
        BigInteger v = fromLittleEndian(encoded);
        if (v.compareTo(ORDER) >= 0) {
            throw new InvalidEncodingException("scalar encoding is not canonical (value >= group order)");
        }
        return new Scalar(v);
    }

    /** Reduces 64 little-endian bytes modulo l (uniform when the input is uniform). */
    public static Scalar fromWideBytes(byte[] wide) {
        Objects.requireNonNull(wide, "wide scalar bytes");
        if (wide.length != 64) {
            throw new InvalidEncodingException("wide scalar input must be 64 bytes, got " + wide.length);
        }
        return of(fromLittleEndian(wide));
    }

    /** A uniformly random non-zero scalar drawn from {@code random}. */
    public static Scalar random(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] wide = new byte[64];
        while (true) {
            random.nextBytes(wide);
            Scalar s = fromWideBytes(wide);
            Arrays.fill(wide, (byte) 0);
            if (s.value.signum() != 0) {
                return s;
            }
        }
    }

    /** this + other mod l. */
    public Scalar add(Scalar other) {
        return of(value.add(other.value));
    }

    /** this * other mod l. */
    public Scalar multiply(Scalar other) {
        return of(value.multiply(other.value));
    }

    /** -this mod l. */
    public Scalar negate() {
        return of(value.negate());
    }

    /**
     * The multiplicative inverse mod l.
     *
     * @throws ArithmeticException for the zero scalar
     */
    public Scalar invert() {
        if (value.signum() == 0) {
            throw new ArithmeticException("zero scalar has no inverse");
        }
        return new Scalar(value.modInverse(ORDER));
    }

    /** Whether this is the zero scalar. */
    public boolean isZero() {
        return value.signum() == 0;
    }

    /** The canonical 32-byte little-endian encoding (a copy). */
    public byte[] encode() {
        return bytes.clone();
    }

    byte[] bytesInternal() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scalar && java.security.MessageDigest.isEqual(bytes, ((Scalar) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Deliberately does not print the value: scalars are usually secrets. */
    @Override
    public String toString() {
        return "Scalar[redacted]";
    }

    private static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length + 1];
        for (int i = 0; i < le.length; i++) {
            be[le.length - i] = le[i];
        }
        return new BigInteger(be);
    }

    private static byte[] toLittleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < be.length && i < 33; i++) {
            int dst = be.length - 1 - i;
            if (i < 32) {
                le[i] = be[dst];
            }
        }
        return le;
    }
}
