package org.fedra.privacy.disclosure;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A system of linear equations with integer coefficients, solved exactly (fraction-free
 * Gauss-Jordan elimination over the integers) to find which unknowns it pins down. This is what
 * an attacker does with published totals, so both the table check and the query auditor use it.
 */
final class LinearSystem {
    private final int unknowns;
    private final List<BigInteger[]> rows = new ArrayList<>();

    LinearSystem(int unknowns) {
        this.unknowns = unknowns;
    }

    /** Adds {@code Σ coefficients[k]·x_k = rhs}. */
    void addEquation(long[] coefficients, long rhs) {
        if (coefficients.length != unknowns) {
            throw new IllegalArgumentException("expected " + unknowns + " coefficients, got " + coefficients.length);
        }
        BigInteger[] row = new BigInteger[unknowns + 1];
        for (int k = 0; k < unknowns; k++) {
            row[k] = BigInteger.valueOf(coefficients[k]);
        }
        row[unknowns] = BigInteger.valueOf(rhs);
        rows.add(row);
    }

    /**
     * The unknowns whose value every solution shares, with that value (numerator and
     * denominator; integral for consistent integer data).
     */
    Map<Integer, BigInteger[]> determined() {
        try {
            return determinedInLongs();
        } catch (ArithmeticException overflow) {
            return determinedInBigIntegers(); // same elimination, no bound on intermediate values
        }
    }

    /** The elimination of {@link #determinedInBigIntegers()} in long arithmetic; throws on any overflow. */
    private Map<Integer, BigInteger[]> determinedInLongs() {
        long[][] m = new long[rows.size()][];
        for (int r = 0; r < m.length; r++) {
            BigInteger[] row = rows.get(r);
            m[r] = new long[row.length];
            for (int k = 0; k < row.length; k++) {
                m[r][k] = row[k].longValueExact();
            }
        }
        int rank = 0;
        int[] pivotColumnOfRow = new int[m.length];
        for (int col = 0; col < unknowns && rank < m.length; col++) {
            int pivot = -1;
            for (int r = rank; r < m.length; r++) {
                if (m[r][col] != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            long[] tmp = m[rank];
            m[rank] = m[pivot];
            m[pivot] = tmp;
            long p = m[rank][col];
            for (int r = 0; r < m.length; r++) {
                if (r == rank || m[r][col] == 0) {
                    continue;
                }
                long a = m[r][col];
                long[] row = m[r];
                long[] pivotRow = m[rank];
                long g = 0;
                for (int k = 0; k <= unknowns; k++) {
                    row[k] = Math.subtractExact(Math.multiplyExact(row[k], p), Math.multiplyExact(pivotRow[k], a));
                    g = gcd(g, Math.abs(row[k]));
                }
                if (g > 1) {
                    for (int k = 0; k <= unknowns; k++) {
                        row[k] /= g;
                    }
                }
            }
            pivotColumnOfRow[rank] = col;
            rank++;
        }
        Map<Integer, BigInteger[]> out = new LinkedHashMap<>();
        for (int r = 0; r < rank; r++) {
            int col = pivotColumnOfRow[r];
            boolean alone = true;
            for (int k = 0; k < unknowns && alone; k++) {
                alone = k == col || m[r][k] == 0;
            }
            if (alone) {
                out.put(col, new BigInteger[] {BigInteger.valueOf(m[r][unknowns]), BigInteger.valueOf(m[r][col])});
            }
        }
        return out;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    Map<Integer, BigInteger[]> determinedInBigIntegers() {
        BigInteger[][] m = rows.stream().map(BigInteger[]::clone).toArray(BigInteger[][]::new);
        int rank = 0;
        int[] pivotColumnOfRow = new int[m.length];
        for (int col = 0; col < unknowns && rank < m.length; col++) {
            int pivot = -1;
            for (int r = rank; r < m.length; r++) {
                if (m[r][col].signum() != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            BigInteger[] tmp = m[rank];
            m[rank] = m[pivot];
            m[pivot] = tmp;
            BigInteger p = m[rank][col];
            for (int r = 0; r < m.length; r++) {
                if (r == rank || m[r][col].signum() == 0) {
                    continue;
                }
                BigInteger a = m[r][col];
                for (int k = 0; k <= unknowns; k++) {
                    m[r][k] = m[r][k].multiply(p).subtract(m[rank][k].multiply(a));
                }
                reduce(m[r]);
            }
            pivotColumnOfRow[rank] = col;
            rank++;
        }
        Map<Integer, BigInteger[]> out = new LinkedHashMap<>();
        for (int r = 0; r < rank; r++) {
            int col = pivotColumnOfRow[r];
            boolean alone = true;
            for (int k = 0; k < unknowns && alone; k++) {
                alone = k == col || m[r][k].signum() == 0;
            }
            if (alone) {
                out.put(col, new BigInteger[] {m[r][unknowns], m[r][col]});
            }
        }
        return out;
    }

    private static void reduce(BigInteger[] row) {
        BigInteger g = BigInteger.ZERO;
        for (BigInteger x : row) {
            g = g.gcd(x);
        }
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) {
            for (int k = 0; k < row.length; k++) {
                row[k] = row[k].divide(g);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(Arrays.toString(r)).append('\n'));
        return sb.toString();
    }
}
