package org.fedra.privacy.ristretto;

import static org.fedra.privacy.ristretto.Field25519.add;
import static org.fedra.privacy.ristretto.Field25519.copy;
import static org.fedra.privacy.ristretto.Field25519.mul;
import static org.fedra.privacy.ristretto.Field25519.square;
import static org.fedra.privacy.ristretto.Field25519.sub;

/**
 * A mutable point of edwards25519 in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z.
 *
 * <p>Formulas are the unified ones of Hisil-Wong-Carter-Dawson for a = -1 (as in ref10): they are
 * complete on the prime-order subgroup and its cosets, so adding works for any inputs without
 * special cases (and without branches). The "completed" intermediate of ref10 is folded into
 * {@link #addCached} and {@link #doubleInto} so that callers only see extended points.
 */
final class EdwardsPoint {
    final long[] x = new long[5];
    final long[] y = new long[5];
    final long[] z = new long[5];
    final long[] t = new long[5];

    static EdwardsPoint identity() {
        EdwardsPoint p = new EdwardsPoint();
        p.y[0] = 1;
        p.z[0] = 1;
        return p;
    }

    EdwardsPoint copyOf() {
        EdwardsPoint p = new EdwardsPoint();
        copy(p.x, x);
        copy(p.y, y);
        copy(p.z, z);
        copy(p.t, t);
        return p;
    }

    /** Precomputed form (Y+X, Y-X, Z, 2dT) of a point, for fast repeated addition. */
    static final class Cached {
        final long[] yPlusX = new long[5];
        final long[] yMinusX = new long[5];
        final long[] z = new long[5];
        final long[] t2d = new long[5];

        static Cached identity() {
            Cached c = new Cached();
            c.yPlusX[0] = 1;
            c.yMinusX[0] = 1;
            c.z[0] = 1;
            return c;
        }

        void setFrom(EdwardsPoint p) {
            add(yPlusX, p.y, p.x);
            sub(yMinusX, p.y, p.x);
            copy(z, p.z);
            mul(t2d, p.t, Constants25519.D2);
        }

        /** Constant-time: this = src if bit == 1. */
        void cmov(Cached src, int bit) {
            Field25519.cmov(yPlusX, src.yPlusX, bit);
            Field25519.cmov(yMinusX, src.yMinusX, bit);
            Field25519.cmov(z, src.z, bit);
            Field25519.cmov(t2d, src.t2d, bit);
        }

        /** Constant-time conditional negation: -(x, y) = (-x, y) swaps Y+X and Y-X and negates T. */
        void cnegate(int bit, long[] scratch) {
            copy(scratch, yPlusX);
            Field25519.cmov(yPlusX, yMinusX, bit);
            Field25519.cmov(yMinusX, scratch, bit);
            Field25519.neg(scratch, t2d);
            Field25519.cmov(t2d, scratch, bit);
        }
    }

    /** Scratch registers for the point formulas, so the hot loop does not allocate. */
    static final class Scratch {
        final long[] a = new long[5];
        final long[] b = new long[5];
        final long[] c = new long[5];
        final long[] d = new long[5];
        final long[] e = new long[5];
    }

    /** r = p + q (r may be p). */
    static void addCached(EdwardsPoint r, EdwardsPoint p, Cached q, Scratch s) {
        add(s.a, p.y, p.x);
        sub(s.b, p.y, p.x);
        mul(s.a, s.a, q.yPlusX);   // A
        mul(s.b, s.b, q.yMinusX);  // B
        mul(s.c, q.t2d, p.t);      // C
        mul(s.d, p.z, q.z);
        add(s.d, s.d, s.d);        // D
        sub(s.e, s.a, s.b);        // E = A - B  -> X'
        add(s.a, s.a, s.b);        // H = A + B  -> Y'
        add(s.b, s.d, s.c);        // G = D + C  -> Z'
        sub(s.d, s.d, s.c);        // F = D - C  -> T'
        // completed (E, H, G, F) -> extended: X = E*F, Y = G*H, Z = F*G, T = E*H
        mul(r.x, s.e, s.d);
        mul(r.y, s.b, s.a);
        mul(r.z, s.d, s.b);
        mul(r.t, s.e, s.a);
    }

    /** r = 2p (r may be p). When {@code withT} is false, r.t is left stale (saves one multiplication). */
    static void doubleInto(EdwardsPoint r, EdwardsPoint p, boolean withT, Scratch s) {
        square(s.a, p.x);          // XX
        square(s.b, p.y);          // YY
        square(s.c, p.z);
        add(s.c, s.c, s.c);        // 2ZZ
        add(s.d, p.x, p.y);
        square(s.d, s.d);          // (X+Y)^2
        add(s.e, s.b, s.a);        // YY + XX  -> Y'
        sub(s.b, s.b, s.a);        // YY - XX  -> Z'
        sub(s.a, s.d, s.e);        // (X+Y)^2 - YY - XX -> X'
        sub(s.c, s.c, s.b);        // 2ZZ - Z' -> T'
        // completed (X', Y', Z', T') -> extended
        mul(r.x, s.a, s.c);
        mul(r.y, s.e, s.b);
        mul(r.z, s.b, s.c);
        if (withT) {
            mul(r.t, s.a, s.e);
        }
    }

    /**
     * r = k * p for a scalar k given as 32 little-endian bytes with k < 2^255.
     *
     * <p>Fixed 4-bit signed window (digits in [-8, 8)): 64 rounds of four doublings and one
     * addition of a table entry chosen by a constant-time scan of all eight entries. The operation
     * sequence does not depend on the scalar, which is a party's secret in PSI.
     */
    static void scalarMultiply(EdwardsPoint r, EdwardsPoint p, byte[] k) {
        byte[] e = new byte[64];
        for (int i = 0; i < 32; i++) {
            e[2 * i] = (byte) (k[i] & 15);
            e[2 * i + 1] = (byte) ((k[i] >>> 4) & 15);
        }
        int carry = 0;
        for (int i = 0; i < 63; i++) {
            e[i] += carry;
            carry = (e[i] + 8) >> 4;
            e[i] -= carry << 4;
        }
        e[63] += carry;

        Scratch s = new Scratch();
        // Table of 1P..8P in cached form, flattened (20 limbs per entry) for a cheap constant-time scan.
        long[] table = new long[8 * 20];
        Cached entry = new Cached();
        Cached base = new Cached();
        base.setFrom(p);
        EdwardsPoint acc = p.copyOf();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                addCached(acc, acc, base, s);
            }
            entry.setFrom(acc);
            System.arraycopy(entry.yPlusX, 0, table, 20 * i, 5);
            System.arraycopy(entry.yMinusX, 0, table, 20 * i + 5, 5);
            System.arraycopy(entry.z, 0, table, 20 * i + 10, 5);
            System.arraycopy(entry.t2d, 0, table, 20 * i + 15, 5);
        }
        long[] picked = new long[20];
        long[] negT = new long[5];
        EdwardsPoint q = identity();
        for (int i = 63; i >= 0; i--) {
            if (i != 63) {
                doubleInto(q, q, false, s);
                doubleInto(q, q, false, s);
                doubleInto(q, q, false, s);
                doubleInto(q, q, true, s);
            }
            int digit = e[i];
            int negative = (digit >>> 31) & 1;
            int magnitude = digit - ((-negative & digit) << 1);
            select(picked, table, magnitude);
            // -(x, y) = (-x, y): swap Y+X with Y-X and negate 2dT, all under a mask.
            long m = -(long) negative;
            for (int l = 0; l < 5; l++) {
                long plus = picked[l], minus = picked[5 + l];
                long diff = m & (plus ^ minus);
                entry.yPlusX[l] = plus ^ diff;
                entry.yMinusX[l] = minus ^ diff;
                entry.z[l] = picked[10 + l];
                entry.t2d[l] = picked[15 + l];
            }
            Field25519.neg(negT, entry.t2d);
            Field25519.cmov(entry.t2d, negT, negative);
            addCached(q, q, entry, s);
        }
        copy(r.x, q.x);
        copy(r.y, q.y);
        copy(r.z, q.z);
        copy(r.t, q.t);
    }

    /** out = table entry {@code magnitude - 1}, or the identity for 0; scans all entries. */
    private static void select(long[] out, long[] table, int magnitude) {
        java.util.Arrays.fill(out, 0);
        out[0] = 1;
        out[5] = 1;
        out[10] = 1;
        for (int j = 0; j < 8; j++) {
            int diff = magnitude ^ (j + 1);
            long m = -(long) (((diff - 1) >>> 31) & 1);
            int b = 20 * j;
            for (int k = 0; k < 20; k++) {
                out[k] ^= m & (out[k] ^ table[b + k]);
            }
        }
    }
}
