package org.fedra.privacy.ristretto;

import java.math.BigInteger;

/**
 * Arithmetic in GF(2^255 - 19) on five 51-bit limbs held in a {@code long[5]}.
 *
 * <p>Why this representation: Java has no 128-bit integer, but {@link Math#multiplyHigh} is a JIT
 * intrinsic (one MUL instruction on x86-64), so a 51x51-bit limb product is two multiplications.
 * With operands pre-shifted by 6 and 7 bits, each product splits exactly at
 * bit 51 into a low part (below 2^51) and a high part (below 2^55), which are summed in separate
 * 64-bit accumulators, so no carry flag has to be tracked and each limb product costs two
 * multiplications, one shift and two additions. Limbs are kept "weakly reduced" (below 2^52) between operations; only
 * {@link #toBytes} produces the canonical value. All operations are branch-free on the data
 * (constant time), since they are used with secret scalars and secret identifiers.
 *
 * <p>Arrays are used instead of objects so that the hot loops of scalar multiplication work on
 * preallocated temporaries and do not allocate. All methods allow the output to alias inputs.
 */
final class Field25519 {
    static final long MASK51 = (1L << 51) - 1;
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private Field25519() {
    }

    static long[] zero() {
        return new long[5];
    }

    static long[] one() {
        return new long[] {1, 0, 0, 0, 0};
    }

    static long[] fromBigInteger(BigInteger v) {
        BigInteger r = v.mod(P);
        long[] h = new long[5];
        for (int i = 0; i < 5; i++) {
            h[i] = r.shiftRight(51 * i).longValue() & MASK51;
        }
        return h;
    }

    static BigInteger toBigInteger(long[] f) {
        byte[] le = toBytes(f);
        byte[] be = new byte[33];
        for (int i = 0; i < 32; i++) {
            be[32 - i] = le[i];
        }
        return new BigInteger(be);
    }

    static void copy(long[] h, long[] f) {
        System.arraycopy(f, 0, h, 0, 5);
    }

    static void set(long[] h, long v) {
        h[0] = v;
        h[1] = 0;
        h[2] = 0;
        h[3] = 0;
        h[4] = 0;
    }

    /** Loads 32 little-endian bytes from {@code in[off..]}, ignoring bit 255 (RFC 9496 masks it where needed). */
    static void fromBytes(long[] h, byte[] in, int off) {
        long w0 = le64(in, off), w1 = le64(in, off + 8), w2 = le64(in, off + 16), w3 = le64(in, off + 24);
        h[0] = w0 & MASK51;
        h[1] = ((w0 >>> 51) | (w1 << 13)) & MASK51;
        h[2] = ((w1 >>> 38) | (w2 << 26)) & MASK51;
        h[3] = ((w2 >>> 25) | (w3 << 39)) & MASK51;
        h[4] = (w3 >>> 12) & MASK51;
    }

    /** Canonical little-endian encoding (value fully reduced below p). */
    static byte[] toBytes(long[] f) {
        byte[] out = new byte[32];
        toBytes(out, 0, f);
        return out;
    }

    static void toBytes(byte[] out, int off, long[] f) {
        long h0 = f[0], h1 = f[1], h2 = f[2], h3 = f[3], h4 = f[4];
        // Two carry passes bring every limb below 2^51 and the value below 2p.
        for (int pass = 0; pass < 2; pass++) {
            h1 += h0 >>> 51; h0 &= MASK51;
            h2 += h1 >>> 51; h1 &= MASK51;
            h3 += h2 >>> 51; h2 &= MASK51;
            h4 += h3 >>> 51; h3 &= MASK51;
            h0 += 19 * (h4 >>> 51); h4 &= MASK51;
        }
        // q = 1 exactly when the value is >= p; then subtract p by adding 19 and dropping bit 255.
        long q = (h0 + 19) >>> 51;
        q = (h1 + q) >>> 51;
        q = (h2 + q) >>> 51;
        q = (h3 + q) >>> 51;
        q = (h4 + q) >>> 51;
        h0 += 19 * q;
        h1 += h0 >>> 51; h0 &= MASK51;
        h2 += h1 >>> 51; h1 &= MASK51;
        h3 += h2 >>> 51; h2 &= MASK51;
        h4 += h3 >>> 51; h3 &= MASK51;
        h4 &= MASK51;
        put64(out, off, h0 | (h1 << 51));
        put64(out, off + 8, (h1 >>> 13) | (h2 << 38));
        put64(out, off + 16, (h2 >>> 26) | (h3 << 25));
        put64(out, off + 24, (h3 >>> 39) | (h4 << 12));
    }

    private static long le64(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xffL);
        }
        return r;
    }

    private static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    /**
     * h = f + g without carrying: for weakly reduced inputs (limbs below 2^52) the limbs stay below
     * 2^53, which {@link #mul}, {@link #square}, {@link #sub} and {@link #toBytes} all accept. The
     * point formulas never add an uncarried sum to another uncarried sum more than once.
     */
    static void add(long[] h, long[] f, long[] g) {
        final long f4 = f[4], g4 = g[4];
        h[4] = f4 + g4;
        h[0] = f[0] + g[0];
        h[1] = f[1] + g[1];
        h[2] = f[2] + g[2];
        h[3] = f[3] + g[3];
    }

    /** h = f - g, computed as f + 4p - g so that no limb goes negative for weakly reduced g. */
    static void sub(long[] h, long[] f, long[] g) {
        carry(h, f[0] + 0x1FFFFFFFFFFFB4L - g[0], f[1] + 0x1FFFFFFFFFFFFCL - g[1], f[2] + 0x1FFFFFFFFFFFFCL - g[2],
                f[3] + 0x1FFFFFFFFFFFFCL - g[3], f[4] + 0x1FFFFFFFFFFFFCL - g[4]);
    }

    static void neg(long[] h, long[] f) {
        carry(h, 0x1FFFFFFFFFFFB4L - f[0], 0x1FFFFFFFFFFFFCL - f[1], 0x1FFFFFFFFFFFFCL - f[2],
                0x1FFFFFFFFFFFFCL - f[3], 0x1FFFFFFFFFFFFCL - f[4]);
    }

    private static void carry(long[] h, long h0, long h1, long h2, long h3, long h4) {
        h[4] = 0; // one bounds check up front
        h1 += h0 >>> 51; h0 &= MASK51;
        h2 += h1 >>> 51; h1 &= MASK51;
        h3 += h2 >>> 51; h2 &= MASK51;
        h4 += h3 >>> 51; h3 &= MASK51;
        h0 += 19 * (h4 >>> 51); h4 &= MASK51;
        h[0] = h0;
        h[1] = h1;
        h[2] = h2;
        h[3] = h3;
        h[4] = h4;
    }

    /**
     * h = f * g. Aliasing allowed. Input limbs must be below 2^53.
     *
     * <p>Operands are pre-shifted by 6 and 7 bits so that each 64x64-bit product a*b*2^13 splits
     * exactly at bit 51 of a*b: the high word ({@link Math#multiplyHigh}) is a*b >> 51 and the low
     * word shifted right by 13 is a*b mod 2^51. Both parts go to plain 64-bit accumulators.
     */
    static void mul(long[] h, long[] f, long[] g) {
        final long a4 = f[4] << 6, a0 = f[0] << 6, a1 = f[1] << 6, a2 = f[2] << 6, a3 = f[3] << 6;
        final long b4 = g[4] << 7, b0 = g[0] << 7, b1 = g[1] << 7, b2 = g[2] << 7, b3 = g[3] << 7;
        long l0 = 0, u0 = 0;
        long l1 = 0, u1 = 0;
        long l2 = 0, u2 = 0;
        long l3 = 0, u3 = 0;
        long l4 = 0, u4 = 0;
        long l5 = 0, u5 = 0;
        long l6 = 0, u6 = 0;
        long l7 = 0, u7 = 0;
        long l8 = 0, u8 = 0;
        l0 += (a0 * b0) >>> 13; u0 += Math.multiplyHigh(a0, b0);
        l1 += (a0 * b1) >>> 13; u1 += Math.multiplyHigh(a0, b1);
        l2 += (a0 * b2) >>> 13; u2 += Math.multiplyHigh(a0, b2);
        l3 += (a0 * b3) >>> 13; u3 += Math.multiplyHigh(a0, b3);
        l4 += (a0 * b4) >>> 13; u4 += Math.multiplyHigh(a0, b4);
        l1 += (a1 * b0) >>> 13; u1 += Math.multiplyHigh(a1, b0);
        l2 += (a1 * b1) >>> 13; u2 += Math.multiplyHigh(a1, b1);
        l3 += (a1 * b2) >>> 13; u3 += Math.multiplyHigh(a1, b2);
        l4 += (a1 * b3) >>> 13; u4 += Math.multiplyHigh(a1, b3);
        l5 += (a1 * b4) >>> 13; u5 += Math.multiplyHigh(a1, b4);
        l2 += (a2 * b0) >>> 13; u2 += Math.multiplyHigh(a2, b0);
        l3 += (a2 * b1) >>> 13; u3 += Math.multiplyHigh(a2, b1);
        l4 += (a2 * b2) >>> 13; u4 += Math.multiplyHigh(a2, b2);
        l5 += (a2 * b3) >>> 13; u5 += Math.multiplyHigh(a2, b3);
        l6 += (a2 * b4) >>> 13; u6 += Math.multiplyHigh(a2, b4);
        l3 += (a3 * b0) >>> 13; u3 += Math.multiplyHigh(a3, b0);
        l4 += (a3 * b1) >>> 13; u4 += Math.multiplyHigh(a3, b1);
        l5 += (a3 * b2) >>> 13; u5 += Math.multiplyHigh(a3, b2);
        l6 += (a3 * b3) >>> 13; u6 += Math.multiplyHigh(a3, b3);
        l7 += (a3 * b4) >>> 13; u7 += Math.multiplyHigh(a3, b4);
        l4 += (a4 * b0) >>> 13; u4 += Math.multiplyHigh(a4, b0);
        l5 += (a4 * b1) >>> 13; u5 += Math.multiplyHigh(a4, b1);
        l6 += (a4 * b2) >>> 13; u6 += Math.multiplyHigh(a4, b2);
        l7 += (a4 * b3) >>> 13; u7 += Math.multiplyHigh(a4, b3);
        l8 += (a4 * b4) >>> 13; u8 += Math.multiplyHigh(a4, b4);
        finish(h, l0, l1, l2, l3, l4, l5, l6, l7, l8, u0, u1, u2, u3, u4, u5, u6, u7, u8);
    }

    /** h = f^2. Aliasing allowed. Input limbs must be below 2^53. Same splitting as {@link #mul}. */
    static void square(long[] h, long[] f) {
        final long f4 = f[4], f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3];
        final long a0 = f0 << 6, a1 = f1 << 6, a2 = f2 << 6, a3 = f3 << 6, a4 = f4 << 6;
        final long b0 = f0 << 7, b1 = f1 << 7, b2 = f2 << 7, b3 = f3 << 7, b4 = f4 << 7;
        long l0 = 0, u0 = 0;
        long l1 = 0, u1 = 0;
        long l2 = 0, u2 = 0;
        long l3 = 0, u3 = 0;
        long l4 = 0, u4 = 0;
        long l5 = 0, u5 = 0;
        long l6 = 0, u6 = 0;
        long l7 = 0, u7 = 0;
        long l8 = 0, u8 = 0;
        l0 += (a0 * b0) >>> 13; u0 += Math.multiplyHigh(a0, b0);
        l1 += (b0 * b1) >>> 13; u1 += Math.multiplyHigh(b0, b1);
        l2 += (b0 * b2) >>> 13; u2 += Math.multiplyHigh(b0, b2);
        l3 += (b0 * b3) >>> 13; u3 += Math.multiplyHigh(b0, b3);
        l4 += (b0 * b4) >>> 13; u4 += Math.multiplyHigh(b0, b4);
        l2 += (a1 * b1) >>> 13; u2 += Math.multiplyHigh(a1, b1);
        l3 += (b1 * b2) >>> 13; u3 += Math.multiplyHigh(b1, b2);
        l4 += (b1 * b3) >>> 13; u4 += Math.multiplyHigh(b1, b3);
        l5 += (b1 * b4) >>> 13; u5 += Math.multiplyHigh(b1, b4);
        l4 += (a2 * b2) >>> 13; u4 += Math.multiplyHigh(a2, b2);
        l5 += (b2 * b3) >>> 13; u5 += Math.multiplyHigh(b2, b3);
        l6 += (b2 * b4) >>> 13; u6 += Math.multiplyHigh(b2, b4);
        l6 += (a3 * b3) >>> 13; u6 += Math.multiplyHigh(a3, b3);
        l7 += (b3 * b4) >>> 13; u7 += Math.multiplyHigh(b3, b4);
        l8 += (a4 * b4) >>> 13; u8 += Math.multiplyHigh(a4, b4);
        finish(h, l0, l1, l2, l3, l4, l5, l6, l7, l8, u0, u1, u2, u3, u4, u5, u6, u7, u8);
    }

    /**
     * Combines the split accumulators: position t holds l_t (weight 2^(51t)) plus the high parts of
     * position t-1; positions 5..9 fold back with factor 19 because 2^255 = 19 (mod p).
     */
    private static void finish(long[] h, long l0, long l1, long l2, long l3, long l4, long l5, long l6, long l7,
            long l8, long u0, long u1, long u2, long u3, long u4, long u5, long u6, long u7, long u8) {
        long c5 = l5 + u4, c6 = l6 + u5, c7 = l7 + u6, c8 = l8 + u7, c9 = u8;
        long r0 = l0 + 19 * c5;
        long r1 = l1 + u0 + 19 * c6;
        long r2 = l2 + u1 + 19 * c7;
        long r3 = l3 + u2 + 19 * c8;
        long r4 = l4 + u3 + 19 * c9;
        r1 += r0 >>> 51; r0 &= MASK51;
        r2 += r1 >>> 51; r1 &= MASK51;
        r3 += r2 >>> 51; r2 &= MASK51;
        r4 += r3 >>> 51; r3 &= MASK51;
        r0 += 19 * (r4 >>> 51); r4 &= MASK51;
        r1 += r0 >>> 51; r0 &= MASK51;
        h[4] = r4;
        h[0] = r0;
        h[1] = r1;
        h[2] = r2;
        h[3] = r3;
    }

    /** h = f^(2^n), n >= 1. */
    static void squareTimes(long[] h, long[] f, int n) {
        square(h, f);
        for (int i = 1; i < n; i++) {
            square(h, h);
        }
    }

    /** h = f^((p-5)/8) = f^(2^252 - 3), by the standard addition chain (11 multiplications). */
    static void pow22523(long[] h, long[] z) {
        long[] t0 = new long[5], t1 = new long[5], t2 = new long[5];
        square(t0, z);
        squareTimes(t1, t0, 2);
        mul(t1, z, t1);
        mul(t0, t0, t1);
        square(t0, t0);
        mul(t0, t1, t0);
        squareTimes(t1, t0, 5);
        mul(t0, t1, t0);
        squareTimes(t1, t0, 10);
        mul(t1, t1, t0);
        squareTimes(t2, t1, 20);
        mul(t1, t2, t1);
        squareTimes(t1, t1, 10);
        mul(t0, t1, t0);
        squareTimes(t1, t0, 50);
        mul(t1, t1, t0);
        squareTimes(t2, t1, 100);
        mul(t1, t2, t1);
        squareTimes(t1, t1, 50);
        mul(t0, t1, t0);
        squareTimes(t0, t0, 2);
        mul(h, t0, z);
    }

    /** h = 1/z = z^(p-2) (0 maps to 0), by the standard addition chain. */
    static void invert(long[] h, long[] z) {
        long[] t0 = new long[5], t1 = new long[5], t2 = new long[5], t3 = new long[5];
        square(t0, z);
        squareTimes(t1, t0, 2);
        mul(t1, z, t1);
        mul(t0, t0, t1);
        square(t2, t0);
        mul(t1, t1, t2);
        squareTimes(t2, t1, 5);
        mul(t1, t2, t1);
        squareTimes(t2, t1, 10);
        mul(t2, t2, t1);
        squareTimes(t3, t2, 20);
        mul(t2, t3, t2);
        squareTimes(t2, t2, 10);
        mul(t1, t2, t1);
        squareTimes(t2, t1, 50);
        mul(t2, t2, t1);
        squareTimes(t3, t2, 100);
        mul(t2, t3, t2);
        squareTimes(t2, t2, 50);
        mul(t1, t2, t1);
        squareTimes(t1, t1, 5);
        mul(h, t1, t0);
    }

    /** 1 if f is odd as a canonical integer (RFC 9496 IS_NEGATIVE), else 0. */
    static int isNegative(long[] f) {
        return toBytes(f)[0] & 1;
    }

    /** 1 if f == 0 (mod p), else 0; constant time. */
    static int isZero(long[] f) {
        byte[] b = toBytes(f);
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return ((acc & 0xff) - 1) >>> 31;
    }

    /** 1 if f == g (mod p), else 0; constant time. */
    static int equal(long[] f, long[] g) {
        byte[] a = toBytes(f), b = toBytes(g);
        int acc = 0;
        for (int i = 0; i < 32; i++) {
            acc |= a[i] ^ b[i];
        }
        return ((acc & 0xff) - 1) >>> 31;
    }

    /** h = g if bit == 1, unchanged if bit == 0; constant time. */
    static void cmov(long[] h, long[] g, int bit) {
        long m = -(long) bit;
        for (int i = 0; i < 5; i++) {
            h[i] ^= m & (h[i] ^ g[i]);
        }
    }

    /** h = -f if bit == 1, else f. */
    static void cneg(long[] h, long[] f, int bit) {
        long[] n = new long[5];
        neg(n, f);
        copy(h, f);
        cmov(h, n, bit);
    }

    /** h = |f| (RFC 9496 CT_ABS). */
    static void abs(long[] h, long[] f) {
        cneg(h, f, isNegative(f));
    }
}
