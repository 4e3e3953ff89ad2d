package org.fedra.privacy.disclosure;

import java.util.Map;
import java.util.Objects;
import org.fedra.privacy.disclosure.SuppressedTable.Status;

/**
 * Primary and secondary suppression for n-way tables with all margins, by the hypercube method
 * (Repsilber 1994; Giessing and Repsilber 2002): a suppressed cell that the published cells
 * still determine is protected by suppressing the corners of an n-dimensional box that has it
 * as one corner. Adding +1/-1 alternately on the box corners keeps every line sum, so no
 * linear combination of published values can pin the cell down any more. The box chosen is the
 * one of least information loss (sum of newly suppressed values; already suppressed corners are
 * free, zeros cost more than any positive cell). Repeats until exact elimination
 * ({@link MultiwaySuppressedTable#recoverable()}) finds no determined cell.
 *
 * <p>For two-way tables {@link CellSuppression} is preferable: it can close longer, cheaper cycles.
 */
public final class MultiwaySuppression {
    private final MinimumCellCount rule;

    public MultiwaySuppression(MinimumCellCount rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** Primary suppression only (leaks through margins in general). */
    public MultiwaySuppressedTable primaryOnly(MultiwayTable table) {
        return new MultiwaySuppressedTable(table, primary(table));
    }

    /** Primary plus secondary suppression: no suppressed cell is determined by the published ones. */
    public MultiwaySuppressedTable suppress(MultiwayTable table) {
        Status[] status = primary(table);
        long zeroCost = table.get(table.shape()) + 2; // grand total + 2 exceeds any positive cell's cost
        while (true) {
            Map<Integer, Long> determined = MultiwaySuppressedTable.determinedFlat(status, table);
            if (determined.isEmpty()) {
                return new MultiwaySuppressedTable(table, status);
            }
            int target = determined.keySet().iterator().next();
            for (int corner : cheapestBox(table, status, table.unflatten(target), zeroCost)) {
                if (status[corner] == Status.PUBLISHED) {
                    status[corner] = Status.SECONDARY;
                }
            }
        }
    }

    private Status[] primary(MultiwayTable table) {
        Status[] status = new Status[table.extendedSize()];
        for (int f = 0; f < status.length; f++) {
            status[f] = rule.isSensitive(table.getFlat(f)) ? Status.PRIMARY : Status.PUBLISHED;
        }
        return status;
    }

    /** The corners (flat indices) of the cheapest box with {@code target} as a corner. */
    private static int[] cheapestBox(MultiwayTable table, Status[] status, int[] target, long zeroCost) {
        int[] shape = table.shape();
        int n = shape.length;
        int[] other = new int[n]; // per dimension: offset 1..shape[k] from target, mod (shape[k]+1)
        java.util.Arrays.fill(other, 1);
        int[] best = null;
        long bestCost = Long.MAX_VALUE;
        while (true) {
            int[] corners = new int[1 << n];
            long cost = 0;
            int[] index = new int[n];
            for (int mask = 0; mask < corners.length; mask++) {
                for (int k = 0; k < n; k++) {
                    index[k] = ((mask >> k) & 1) == 1 ? (target[k] + other[k]) % (shape[k] + 1) : target[k];
                }
                int flat = table.flatIndex(index);
                corners[mask] = flat;
                if (status[flat] == Status.PUBLISHED) {
                    long v = table.getFlat(flat);
                    cost += v == 0 ? zeroCost : v + 1;
                }
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = corners;
            }
            int k = n - 1; // next combination of offsets
            while (k >= 0 && ++other[k] > shape[k]) {
                other[k] = 1;
                k--;
            }
            if (k < 0) {
                return best;
            }
        }
    }
}
