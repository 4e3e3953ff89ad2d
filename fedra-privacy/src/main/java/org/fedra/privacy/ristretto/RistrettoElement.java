package org.fedra.privacy.ristretto;

import static org.fedra.privacy.ristretto.Field25519.abs;
import static org.fedra.privacy.ristretto.Field25519.cmov;
import static org.fedra.privacy.ristretto.Field25519.cneg;
import static org.fedra.privacy.ristretto.Field25519.equal;
import static org.fedra.privacy.ristretto.Field25519.isNegative;
import static org.fedra.privacy.ristretto.Field25519.isZero;
import static org.fedra.privacy.ristretto.Field25519.mul;
import static org.fedra.privacy.ristretto.Field25519.neg;
import static org.fedra.privacy.ristretto.Field25519.square;
import static org.fedra.privacy.ristretto.Field25519.sub;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * An element of the prime-order group ristretto255 (RFC 9496), immutable.
 *
 * <p>Why our own implementation: the Java Ristretto libraries on Maven Central are either
 * unmaintained or use BigInteger / generic field code (cafe.cryptography curve25519-elisabeth runs
 * several times slower than libsodium), and PSI over 10^5 identifiers is dominated by exactly these
 * operations. This implementation uses 5x51-bit limbs with {@link Math#multiplyHigh}, a constant-time
 * 4-bit signed fixed window, and allocation-free point formulas (see {@link Field25519}).
 *
 * <p>Operations: {@link #decode}, {@link #encode}, {@link #equals}, {@link #fromUniformBytes} (the
 * one-way map of RFC 9496 section 4.3.4), {@link #multiply} and {@link #add}.
 */
public final class RistrettoElement {
    /** Length of an encoded element. */
    public static final int ENCODED_LENGTH = 32;
    /** Length of the uniform input of {@link #fromUniformBytes}. */
    public static final int UNIFORM_INPUT_LENGTH = 64;

    /** The identity element (encodes to 32 zero bytes). */
    public static final RistrettoElement IDENTITY = new RistrettoElement(EdwardsPoint.identity());
    /** The canonical generator B of RFC 9496 section 4.4. */
    public static final RistrettoElement GENERATOR = decode(hex(
            "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"));

    private final EdwardsPoint point;

    private RistrettoElement(EdwardsPoint point) {
        this.point = point;
    }

    /**
     * Decodes 32 bytes (RFC 9496 section 4.3.1).
     *
     * @throws InvalidEncodingException if the bytes are not the canonical encoding of an element,
     *     with the reason (length, non-canonical, negative, not on the curve, ...)
     */
    public static RistrettoElement decode(byte[] encoded) {
        Objects.requireNonNull(encoded, "encoded element");
        if (encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("ristretto255 element must be 32 bytes, got " + encoded.length);
        }
        long[] s = new long[5];
        Field25519.fromBytes(s, encoded, 0);
        byte[] canonical = Field25519.toBytes(s);
        if (!MessageDigest.isEqual(canonical, encoded)) {
            throw new InvalidEncodingException("ristretto255 encoding is not a canonical field element");
        }
        if (isNegative(s) == 1) {
            throw new InvalidEncodingException("ristretto255 encoding is a negative field element");
        }
        long[] one = Field25519.one();
        long[] ss = new long[5], u1 = new long[5], u2 = new long[5], u2sq = new long[5], v = new long[5];
        square(ss, s);
        sub(u1, one, ss);
        Field25519.add(u2, one, ss);
        square(u2sq, u2);
        long[] tmp = new long[5];
        square(tmp, u1);
        mul(tmp, tmp, Constants25519.D);
        neg(tmp, tmp);
        sub(v, tmp, u2sq);                       // v = -(D * u1^2) - u2^2
        long[] vu2sq = new long[5];
        mul(vu2sq, v, u2sq);
        long[] invsqrt = new long[5];
        int wasSquare = sqrtRatioM1(invsqrt, one, vu2sq);
        long[] denX = new long[5], denY = new long[5];
        mul(denX, invsqrt, u2);
        mul(denY, invsqrt, denX);
        mul(denY, denY, v);
        EdwardsPoint p = new EdwardsPoint();
        Field25519.add(tmp, s, s);
        mul(tmp, tmp, denX);
        abs(p.x, tmp);                           // x = |2 s den_x|
        mul(p.y, u1, denY);
        Field25519.set(p.z, 1);
        mul(p.t, p.x, p.y);
        if (wasSquare == 0) {
            throw new InvalidEncodingException("ristretto255 encoding is not on the curve (x^2 is not a square)");
        }
        if (isNegative(p.t) == 1) {
            throw new InvalidEncodingException("ristretto255 encoding gives a negative xy");
        }
        if (isZero(p.y) == 1) {
            throw new InvalidEncodingException("ristretto255 encoding gives y = 0");
        }
        return new RistrettoElement(p);
    }

    /**
     * The one-way map of RFC 9496 section 4.3.4: derives an element from 64 uniformly random bytes
     * (for example a SHA-512 or HMAC-SHA-512 output) so that nobody knows its discrete logarithm.
     */
    public static RistrettoElement fromUniformBytes(byte[] uniform) {
        Objects.requireNonNull(uniform, "uniform bytes");
        if (uniform.length != UNIFORM_INPUT_LENGTH) {
            throw new IllegalArgumentException("element derivation needs 64 uniform bytes, got " + uniform.length);
        }
        EdwardsPoint p1 = elligator(uniform, 0);
        EdwardsPoint p2 = elligator(uniform, 32);
        EdwardsPoint.Cached c = new EdwardsPoint.Cached();
        c.setFrom(p2);
        EdwardsPoint.addCached(p1, p1, c, new EdwardsPoint.Scratch());
        return new RistrettoElement(p1);
    }

    /** MAP of RFC 9496 section 4.3.4 on bytes[off..off+32) with bit 255 masked. */
    private static EdwardsPoint elligator(byte[] bytes, int off) {
        long[] t = new long[5];
        Field25519.fromBytes(t, bytes, off);
        long[] one = Field25519.one();
        long[] r = new long[5], u = new long[5], v = new long[5], tmp = new long[5], tmp2 = new long[5];
        square(r, t);
        mul(r, r, Constants25519.SQRT_M1);                  // r = SQRT_M1 * t^2
        Field25519.add(u, r, one);
        mul(u, u, Constants25519.ONE_MINUS_D_SQ);           // u = (r + 1) * ONE_MINUS_D_SQ
        mul(tmp, r, Constants25519.D);
        neg(tmp2, one);
        sub(tmp, tmp2, tmp);                                // -1 - r*D
        Field25519.add(tmp2, r, Constants25519.D);
        mul(v, tmp, tmp2);                                  // v = (-1 - r*D) * (r + D)
        long[] s = new long[5];
        int wasSquare = sqrtRatioM1(s, u, v);
        long[] sPrime = new long[5];
        mul(sPrime, s, t);
        abs(sPrime, sPrime);
        neg(sPrime, sPrime);                                // s' = -|s t|
        cmov(sPrime, s, wasSquare);                         // s = was_square ? s : s'
        long[] c = new long[5];
        copy(c, r);
        long[] minusOne = new long[5];
        neg(minusOne, one);
        cmov(c, minusOne, wasSquare);                       // c = was_square ? -1 : r
        long[] n = new long[5];
        sub(tmp, r, one);
        mul(n, c, tmp);
        mul(n, n, Constants25519.D_MINUS_ONE_SQ);
        sub(n, n, v);                                       // N = c (r - 1) D_MINUS_ONE_SQ - v
        long[] sSq = new long[5];
        square(sSq, sPrime);
        long[] w0 = new long[5], w1 = new long[5], w2 = new long[5], w3 = new long[5];
        Field25519.add(w0, sPrime, sPrime);
        mul(w0, w0, v);
        mul(w1, n, Constants25519.SQRT_AD_MINUS_ONE);
        sub(w2, one, sSq);
        Field25519.add(w3, one, sSq);
        EdwardsPoint p = new EdwardsPoint();
        mul(p.x, w0, w3);
        mul(p.y, w2, w1);
        mul(p.z, w1, w3);
        mul(p.t, w0, w2);
        return p;
    }

    private static void copy(long[] h, long[] f) {
        Field25519.copy(h, f);
    }

    /**
     * SQRT_RATIO_M1 of RFC 9496 section 4.2: out = sqrt(u/v) (non-negative) and returns 1 when u/v
     * is a square; otherwise out = sqrt(i u / v) and returns 0.
     */
    static int sqrtRatioM1(long[] out, long[] u, long[] v) {
        long[] v3 = new long[5], v7 = new long[5], r = new long[5], check = new long[5], tmp = new long[5];
        square(v3, v);
        mul(v3, v3, v);                 // v^3
        square(v7, v3);
        mul(v7, v7, v);                 // v^7
        mul(tmp, u, v7);
        Field25519.pow22523(tmp, tmp);  // (u v^7)^((p-5)/8)
        mul(r, u, v3);
        mul(r, r, tmp);
        square(check, r);
        mul(check, check, v);
        long[] negU = new long[5], negUi = new long[5];
        neg(negU, u);
        mul(negUi, negU, Constants25519.SQRT_M1);
        int correctSign = equal(check, u);
        int flipped = equal(check, negU);
        int flippedI = equal(check, negUi);
        long[] rPrime = new long[5];
        mul(rPrime, r, Constants25519.SQRT_M1);
        cmov(r, rPrime, flipped | flippedI);
        abs(out, r);
        return correctSign | flipped;
    }

    /** The canonical 32-byte encoding (RFC 9496 section 4.3.2). */
    public byte[] encode() {
        EdwardsPoint p = point;
        long[] u1 = new long[5], u2 = new long[5], tmp = new long[5];
        Field25519.add(u1, p.z, p.y);
        sub(tmp, p.z, p.y);
        mul(u1, u1, tmp);                    // u1 = (z + y)(z - y)
        mul(u2, p.x, p.y);                   // u2 = x y
        long[] invsqrt = new long[5];
        square(tmp, u2);
        mul(tmp, tmp, u1);
        sqrtRatioM1(invsqrt, Field25519.one(), tmp);
        long[] den1 = new long[5], den2 = new long[5], zInv = new long[5];
        mul(den1, invsqrt, u1);
        mul(den2, invsqrt, u2);
        mul(zInv, den1, den2);
        mul(zInv, zInv, p.t);
        long[] ix0 = new long[5], iy0 = new long[5], enchanted = new long[5];
        mul(ix0, p.x, Constants25519.SQRT_M1);
        mul(iy0, p.y, Constants25519.SQRT_M1);
        mul(enchanted, den1, Constants25519.INVSQRT_A_MINUS_D);
        mul(tmp, p.t, zInv);
        int rotate = isNegative(tmp);
        long[] x = p.x.clone(), y = p.y.clone(), denInv = den2.clone();
        cmov(x, iy0, rotate);
        cmov(y, ix0, rotate);
        cmov(denInv, enchanted, rotate);
        mul(tmp, x, zInv);
        cneg(y, y, isNegative(tmp));
        long[] s = new long[5];
        sub(s, p.z, y);
        mul(s, s, denInv);
        abs(s, s);
        return Field25519.toBytes(s);
    }

    /** this + other. */
    public RistrettoElement add(RistrettoElement other) {
        EdwardsPoint.Cached c = new EdwardsPoint.Cached();
        c.setFrom(other.point);
        EdwardsPoint r = new EdwardsPoint();
        EdwardsPoint.addCached(r, point, c, new EdwardsPoint.Scratch());
        return new RistrettoElement(r);
    }

    /** k * this, in constant time with respect to k. */
    public RistrettoElement multiply(Scalar k) {
        Objects.requireNonNull(k, "scalar");
        EdwardsPoint r = new EdwardsPoint();
        EdwardsPoint.scalarMultiply(r, point, k.bytesInternal());
        return new RistrettoElement(r);
    }

    /** Group equality (RFC 9496 section 4.3.3), independent of the internal representative. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RistrettoElement)) {
            return false;
        }
        EdwardsPoint a = point, b = ((RistrettoElement) o).point;
        long[] l = new long[5], r = new long[5];
        mul(l, a.x, b.y);
        mul(r, a.y, b.x);
        int e1 = equal(l, r);
        mul(l, a.y, b.y);
        mul(r, a.x, b.x);
        int e2 = equal(l, r);
        return (e1 | e2) == 1;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RistrettoElement[");
        for (byte x : encode()) {
            sb.append(String.format("%02x", x));
        }
        return sb.append(']').toString();
    }

    private static byte[] hex(String h) {
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
