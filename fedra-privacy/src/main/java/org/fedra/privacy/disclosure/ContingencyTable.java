package org.fedra.privacy.disclosure;

import java.util.List;
import java.util.Objects;

/**
 * A two-way frequency table with its margins. Cells are addressed in the <em>extended</em>
 * table of {@code (rows+1) × (columns+1)} cells: row index {@code rows()} is the column-totals
 * row, column index {@code columns()} the row-totals column, and their crossing the grand total.
 * Suppression treats margins like any other published cell.
 */
public final class ContingencyTable {
    private final List<String> rowLabels;
    private final List<String> columnLabels;
    private final long[][] extended;

    /**
     * @param rowLabels labels of the data rows
     * @param columnLabels labels of the data columns
     * @param counts {@code counts[r][c]}, non-negative, {@code rowLabels.size() × columnLabels.size()}
     */
    public ContingencyTable(List<String> rowLabels, List<String> columnLabels, long[][] counts) {
        this.rowLabels = List.copyOf(rowLabels);
        this.columnLabels = List.copyOf(columnLabels);
        int rows = this.rowLabels.size();
        int cols = this.columnLabels.size();
        if (rows == 0 || cols == 0) {
            throw new IllegalArgumentException("a table needs at least one row and one column");
        }
        Objects.requireNonNull(counts, "counts");
        if (counts.length != rows) {
            throw new IllegalArgumentException("expected " + rows + " rows of counts, got " + counts.length);
        }
        extended = new long[rows + 1][cols + 1];
        for (int r = 0; r < rows; r++) {
            if (counts[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " (" + rowLabels.get(r) + ") has " + counts[r].length
                        + " counts, expected " + cols);
            }
            for (int c = 0; c < cols; c++) {
                long v = counts[r][c];
                if (v < 0) {
                    throw new IllegalArgumentException("negative count " + v + " at row " + rowLabels.get(r)
                            + ", column " + columnLabels.get(c));
                }
                extended[r][c] = v;
                extended[r][cols] = Math.addExact(extended[r][cols], v);
                extended[rows][c] = Math.addExact(extended[rows][c], v);
                extended[rows][cols] = Math.addExact(extended[rows][cols], v);
            }
        }
    }

    /** A table with labels {@code r0, r1, ...} and {@code c0, c1, ...}. */
    public static ContingencyTable of(long[][] counts) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("a table needs at least one row and one column");
        }
        return new ContingencyTable(labels("r", counts.length), labels("c", counts[0].length), counts);
    }

    private static List<String> labels(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    /** Number of data rows. */
    public int rows() {
        return rowLabels.size();
    }

    /** Number of data columns. */
    public int columns() {
        return columnLabels.size();
    }

    public List<String> rowLabels() {
        return rowLabels;
    }

    public List<String> columnLabels() {
        return columnLabels;
    }

    /** The value of an extended-table cell (data cell, margin or grand total). */
    public long get(int row, int column) {
        if (row < 0 || row > rows() || column < 0 || column > columns()) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + column + ") outside the "
                    + (rows() + 1) + " x " + (columns() + 1) + " extended table");
        }
        return extended[row][column];
    }

    /** Whether the cell is a margin or the grand total. */
    public boolean isMargin(int row, int column) {
        return row == rows() || column == columns();
    }
}
