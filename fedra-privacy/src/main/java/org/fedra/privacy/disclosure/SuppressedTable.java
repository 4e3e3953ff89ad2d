package org.fedra.privacy.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A contingency table as it may be published: every extended-table cell is either shown or
 * suppressed, and each suppression is marked primary (the cell itself is sensitive) or
 * secondary (suppressed to protect a primary cell).
 */
public final class SuppressedTable {
    /** Why a cell is hidden. */
    public enum Status { PUBLISHED, PRIMARY, SECONDARY }

    /** An extended-table cell address. */
    public record Cell(int row, int column) {
    }

    private final ContingencyTable table;
    private final Status[][] status;

    SuppressedTable(ContingencyTable table, Status[][] status) {
        this.table = table;
        this.status = status;
    }

    /** The underlying (unpublished) table. Stays on the node. */
    public ContingencyTable table() {
        return table;
    }

    public Status status(int row, int column) {
        table.get(row, column); // bounds check with a clear message
        return status[row][column];
    }

    /** The published value, empty if suppressed. */
    public OptionalLong published(int row, int column) {
        return status(row, column) == Status.PUBLISHED ? OptionalLong.of(table.get(row, column)) : OptionalLong.empty();
    }

    /** The cells with the given status, row by row. */
    public List<Cell> cells(Status wanted) {
        List<Cell> out = new ArrayList<>();
        for (int r = 0; r <= table.rows(); r++) {
            for (int c = 0; c <= table.columns(); c++) {
                if (status[r][c] == wanted) {
                    out.add(new Cell(r, c));
                }
            }
        }
        return out;
    }

    /** The sum of the values of the secondarily suppressed cells (the information given up). */
    public long secondaryLoss() {
        return cells(Status.SECONDARY).stream().mapToLong(c -> table.get(c.row(), c.column())).sum();
    }

    boolean isSuppressed(int row, int column) {
        return status[row][column] != Status.PUBLISHED;
    }
}
