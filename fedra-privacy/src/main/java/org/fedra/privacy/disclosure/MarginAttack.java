package org.fedra.privacy.disclosure;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an outsider can recompute from a published table: every suppressed cell whose value is
 * fixed by the published cells and the additivity of rows and columns (solving the linear
 * system exactly). Use it to verify a suppression pattern independently of how it was chosen.
 */
public final class MarginAttack {
    private MarginAttack() {
    }

    /** The suppressed cells an attacker recovers exactly, with their values. */
    public static Map<SuppressedTable.Cell, Long> recoverable(SuppressedTable published) {
        ContingencyTable t = published.table();
        int rows = t.rows();
        int cols = t.columns();
        List<SuppressedTable.Cell> unknown = new ArrayList<>();
        Map<SuppressedTable.Cell, Integer> index = new LinkedHashMap<>();
        for (int r = 0; r <= rows; r++) {
            for (int c = 0; c <= cols; c++) {
                if (published.isSuppressed(r, c)) {
                    SuppressedTable.Cell cell = new SuppressedTable.Cell(r, c);
                    index.put(cell, unknown.size());
                    unknown.add(cell);
                }
            }
        }
        LinearSystem system = new LinearSystem(unknown.size());
        // every row of the extended table: Σ data cells - total = 0; likewise every column
        for (int r = 0; r <= rows; r++) {
            addMarginEquation(system, index, t, r, true, cols);
        }
        for (int c = 0; c <= cols; c++) {
            addMarginEquation(system, index, t, c, false, rows);
        }
        Map<SuppressedTable.Cell, Long> out = new LinkedHashMap<>();
        system.determined().forEach((k, frac) -> {
            BigInteger[] qr = frac[0].divideAndRemainder(frac[1]);
            if (qr[1].signum() != 0) {
                throw new IllegalStateException("inconsistent table: non-integral solution for " + unknown.get(k));
            }
            out.put(unknown.get(k), qr[0].longValueExact());
        });
        return out;
    }

    /** One margin equation: the cells of row (or column) {@code line} sum to its total, the cell at {@code last}. */
    private static void addMarginEquation(LinearSystem system, Map<SuppressedTable.Cell, Integer> index, ContingencyTable t,
                                          int line, boolean isRow, int last) {
        long[] coef = new long[index.size()];
        long rhs = 0;
        for (int j = 0; j <= last; j++) {
            long sign = j == last ? -1 : 1;
            int r = isRow ? line : j;
            int c = isRow ? j : line;
            Integer k = index.get(new SuppressedTable.Cell(r, c));
            if (k != null) {
                coef[k] += sign;
            } else {
                rhs -= sign * t.get(r, c);
            }
        }
        system.addEquation(coef, rhs);
    }
}
