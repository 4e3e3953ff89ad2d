package org.fedra.privacy.disclosure;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.fedra.privacy.disclosure.SuppressedTable.Status;

/**
 * An n-way table as it may be published, with the status of every extended cell, and the
 * attacker's view of it ({@link #recoverable()}).
 */
public final class MultiwaySuppressedTable {
    private final MultiwayTable table;
    private final Status[] status;

    MultiwaySuppressedTable(MultiwayTable table, Status[] status) {
        this.table = table;
        this.status = status;
    }

    public MultiwayTable table() {
        return table;
    }

    public Status status(int... index) {
        return status[table.flatIndex(index)];
    }

    /** The published value, empty if suppressed. */
    public OptionalLong published(int... index) {
        int flat = table.flatIndex(index);
        return status[flat] == Status.PUBLISHED ? OptionalLong.of(table.getFlat(flat)) : OptionalLong.empty();
    }

    /** The extended indices of the cells with the given status. */
    public List<int[]> cells(Status wanted) {
        List<int[]> out = new ArrayList<>();
        for (int f = 0; f < status.length; f++) {
            if (status[f] == wanted) {
                out.add(table.unflatten(f));
            }
        }
        return out;
    }

    /** The sum of the values of the secondarily suppressed cells. */
    public long secondaryLoss() {
        long sum = 0;
        for (int f = 0; f < status.length; f++) {
            if (status[f] == Status.SECONDARY) {
                sum += table.getFlat(f);
            }
        }
        return sum;
    }

    /**
     * The suppressed cells an outsider recomputes exactly from the published cells and the
     * additivity of every line of the table, keyed by extended index (as a list).
     */
    public Map<List<Integer>, Long> recoverable() {
        Map<List<Integer>, Long> out = new LinkedHashMap<>();
        determinedFlat(status, table).forEach((flat, value) ->
                out.put(Arrays.stream(table.unflatten(flat)).boxed().toList(), value));
        return out;
    }

    /** Suppressed flat indices whose value the published cells determine, with the value. */
    static Map<Integer, Long> determinedFlat(Status[] status, MultiwayTable table) {
        List<Integer> unknown = new ArrayList<>();
        int[] unknownIndex = new int[status.length];
        Arrays.fill(unknownIndex, -1);
        for (int f = 0; f < status.length; f++) {
            if (status[f] != Status.PUBLISHED) {
                unknownIndex[f] = unknown.size();
                unknown.add(f);
            }
        }
        LinearSystem system = new LinearSystem(unknown.size());
        int[] shape = table.shape();
        for (int k = 0; k < shape.length; k++) {
            // one equation per line along dimension k: Σ_{i<L} x[..i..] - x[..L..] = 0
            for (int f = 0; f < status.length; f++) {
                int[] start = table.unflatten(f);
                if (start[k] != 0) {
                    continue;
                }
                long[] coef = new long[unknown.size()];
                long rhs = 0;
                for (int i = 0; i <= shape[k]; i++) {
                    start[k] = i;
                    int cell = table.flatIndex(start);
                    long sign = i == shape[k] ? -1 : 1;
                    if (unknownIndex[cell] >= 0) {
                        coef[unknownIndex[cell]] += sign;
                    } else {
                        rhs -= sign * table.getFlat(cell);
                    }
                }
                system.addEquation(coef, rhs);
            }
        }
        Map<Integer, Long> out = new LinkedHashMap<>();
        system.determined().forEach((k, frac) -> {
            BigInteger[] qr = frac[0].divideAndRemainder(frac[1]);
            out.put(unknown.get(k), qr[0].longValueExact());
        });
        return out;
    }
}
