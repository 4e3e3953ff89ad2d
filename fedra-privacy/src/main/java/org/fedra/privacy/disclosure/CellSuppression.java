package org.fedra.privacy.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Primary and secondary cell suppression for two-way tables with margins.
 *
 * <p>Primary: every extended-table cell (data cell, margin or grand total) the
 * {@link MinimumCellCount} rule flags is suppressed.
 *
 * <p>Secondary: published margins make the table a linear system, and a suppressed cell is
 * recoverable exactly when it is pinned down by it. In the extended table every row and every
 * column sums to zero once totals are counted negatively, so the unknowns are the edges of a
 * bipartite graph (rows vs. columns) and the system's null space is its cycle space: a
 * suppressed cell is safe from exact recovery iff it lies on a cycle of suppressed cells, i.e.
 * is not a bridge. (This implies the classic rule that a row or column never holds exactly one
 * suppressed cell.) The algorithm repeatedly takes a bridge {@code (r, c)} and closes a cycle
 * through it along the cheapest path from row {@code r} to column {@code c}, where an already
 * suppressed cell costs nothing and a published cell costs its value plus one (information
 * loss; zeros, which protect only one-sidedly, cost more than any positive cell). This greedy
 * shortest-path heuristic is not guaranteed optimal (the optimum is NP-hard in general) but
 * suppresses few, small cells. {@link MarginAttack} verifies the result independently.
 *
 * <p>Not covered: protection intervals (an attacker with non-negativity may still narrow a
 * suppressed cell to a range) and n-way tables.
 */
public final class CellSuppression {
    private final MinimumCellCount rule;

    public CellSuppression(MinimumCellCount rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** Primary suppression only; leaks through margins in general (kept for comparison and tests). */
    public SuppressedTable primaryOnly(ContingencyTable table) {
        return new SuppressedTable(table, primary(table));
    }

    /** Primary plus secondary suppression: no suppressed cell can be recomputed from the rest. */
    public SuppressedTable suppress(ContingencyTable table) {
        SuppressedTable.Status[][] status = primary(table);
        int rows = table.rows() + 1;
        int cols = table.columns() + 1;
        long zeroCost = table.get(table.rows(), table.columns()) + 2;
        while (true) {
            int[] bridge = findBridge(status, rows, cols);
            if (bridge == null) {
                break;
            }
            for (int[] cell : cheapestPath(table, status, bridge[0], bridge[1], zeroCost)) {
                if (status[cell[0]][cell[1]] == SuppressedTable.Status.PUBLISHED) {
                    status[cell[0]][cell[1]] = SuppressedTable.Status.SECONDARY;
                }
            }
        }
        return new SuppressedTable(table, status);
    }

    private SuppressedTable.Status[][] primary(ContingencyTable table) {
        int rows = table.rows() + 1;
        int cols = table.columns() + 1;
        SuppressedTable.Status[][] status = new SuppressedTable.Status[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                status[r][c] = rule.isSensitive(table.get(r, c))
                        ? SuppressedTable.Status.PRIMARY : SuppressedTable.Status.PUBLISHED;
            }
        }
        return status;
    }

    /** A suppressed cell that lies on no cycle of suppressed cells, or null. Graph nodes: rows, then columns. */
    private static int[] findBridge(SuppressedTable.Status[][] status, int rows, int cols) {
        int n = rows + cols;
        int[] discovery = new int[n];
        int[] low = new int[n];
        Arrays.fill(discovery, -1);
        int[] timer = {0};
        for (int start = 0; start < n; start++) {
            if (discovery[start] < 0) {
                int[] b = bridgeFrom(start, -1, status, rows, cols, discovery, low, timer);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    private static int[] bridgeFrom(int u, int parent, SuppressedTable.Status[][] status, int rows, int cols,
                                    int[] discovery, int[] low, int[] timer) {
        discovery[u] = low[u] = timer[0]++;
        for (int v : neighbours(u, status, rows, cols)) {
            if (discovery[v] < 0) {
                int[] b = bridgeFrom(v, u, status, rows, cols, discovery, low, timer);
                if (b != null) {
                    return b;
                }
                low[u] = Math.min(low[u], low[v]);
                if (low[v] > discovery[u]) {
                    return u < rows ? new int[] {u, v - rows} : new int[] {v, u - rows};
                }
            } else if (v != parent) { // simple graph: at most one edge between a row and a column
                low[u] = Math.min(low[u], discovery[v]);
            }
        }
        return null;
    }

    private static List<Integer> neighbours(int node, SuppressedTable.Status[][] status, int rows, int cols) {
        List<Integer> out = new ArrayList<>();
        if (node < rows) {
            for (int c = 0; c < cols; c++) {
                if (status[node][c] != SuppressedTable.Status.PUBLISHED) {
                    out.add(rows + c);
                }
            }
        } else {
            int c = node - rows;
            for (int r = 0; r < rows; r++) {
                if (status[r][c] != SuppressedTable.Status.PUBLISHED) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Dijkstra from row {@code row} to column {@code column} over all cells except {@code (row, column)}. */
    private static List<int[]> cheapestPath(ContingencyTable table, SuppressedTable.Status[][] status, int row,
                                            int column, long zeroCost) {
        int rows = table.rows() + 1;
        int cols = table.columns() + 1;
        int n = rows + cols;
        long[] dist = new long[n];
        int[] previous = new int[n];
        boolean[] done = new boolean[n];
        Arrays.fill(dist, Long.MAX_VALUE);
        Arrays.fill(previous, -1);
        dist[row] = 0;
        int target = rows + column;
        while (true) {
            int u = -1;
            for (int i = 0; i < n; i++) {
                if (!done[i] && dist[i] != Long.MAX_VALUE && (u < 0 || dist[i] < dist[u])) {
                    u = i;
                }
            }
            if (u < 0 || u == target) {
                break;
            }
            done[u] = true;
            int otherSideStart = u < rows ? rows : 0;
            int otherSideEnd = u < rows ? n : rows;
            for (int v = otherSideStart; v < otherSideEnd; v++) {
                int r = u < rows ? u : v;
                int c = (u < rows ? v : u) - rows;
                if (r == row && c == column) {
                    continue;
                }
                long w = cost(table, status, r, c, zeroCost);
                if (!done[v] && dist[u] + w < dist[v]) {
                    dist[v] = dist[u] + w;
                    previous[v] = u;
                }
            }
        }
        if (dist[target] == Long.MAX_VALUE) {
            // cannot happen: the extended table is at least 2 x 2, so row -> other column -> other row -> column exists
            throw new IllegalStateException("no complementary cells can protect cell (" + row + ", " + column + ")");
        }
        List<int[]> path = new ArrayList<>();
        for (int v = target; previous[v] >= 0; v = previous[v]) {
            int u = previous[v];
            path.add(u < rows ? new int[] {u, v - rows} : new int[] {v, u - rows});
        }
        return path;
    }

    private static long cost(ContingencyTable table, SuppressedTable.Status[][] status, int r, int c, long zeroCost) {
        if (status[r][c] != SuppressedTable.Status.PUBLISHED) {
            return 0;
        }
        long v = table.get(r, c);
        return v == 0 ? zeroCost : v + 1;
    }
}
