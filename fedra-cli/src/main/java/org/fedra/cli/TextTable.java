package org.fedra.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table for the terminal whose columns are as wide as their widest cell, so it aligns whatever the codes, ids or
 * names in it: two spaces between columns, numbers right-aligned, no space at the end of a line. Every table the
 * command line prints goes through it.
 */
final class TextTable {
    private final String indent;
    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    private TextTable(String indent, List<String> headers, boolean[] right) {
        this.indent = indent;
        this.headers = headers;
        this.right = right;
    }

    /**
     * A table with these column headers; a header written {@code ">NAME"} is a right-aligned (number) column named
     * NAME.
     */
    static TextTable of(String... headers) {
        return indented("", headers);
    }

    /** As {@link #of}, each line starting with {@code indent}. */
    static TextTable indented(String indent, String... headers) {
        boolean[] right = new boolean[headers.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            names.add(right[i] ? headers[i].substring(1) : headers[i]);
        }
        return new TextTable(indent, names, right);
    }

    /** Adds a row; a cell is printed as {@code String.valueOf}. */
    TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(String.valueOf(c));
        rows.add(r);
        return this;
    }

    /** The table's lines, each ending with a newline. */
    String render() {
        int[] width = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < width.length; i++) {
                String cell = r.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                line.append(right[i] ? pad + cell : cell + pad);
                if (i < width.length - 1) line.append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    void print(PrintWriter out) {
        out.print(render());
        out.flush();
    }

    void print(PrintStream out) {
        out.print(render());
        out.flush();
    }
}
