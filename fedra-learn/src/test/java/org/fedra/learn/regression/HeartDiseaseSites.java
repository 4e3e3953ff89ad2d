package org.fedra.learn.regression;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the four UCI heart-disease sites from ../shared/data, excluding rows with a missing value. */
final class HeartDiseaseSites {
    static final List<String> SITES = List.of("cleveland", "hungarian", "switzerland", "va");

    /** Rows of one site restricted to the requested columns, complete cases only. */
    record Site(String name, int rawRows, double[][] columns) {
        int usedRows() {
            return columns.length;
        }
    }

    private HeartDiseaseSites() {
    }

    static Path dataDirectory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data/heart-disease");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/data/heart-disease above " + Path.of("").toAbsolutePath());
    }

    /**
     * Loads every site keeping the given columns; a row is dropped, identically on every site, when any of
     * them is -9, "?" or empty, or when chol is 0 (not measured).
     */
    static Map<String, Site> load(List<String> wanted) throws IOException {
        Map<String, Site> sites = new LinkedHashMap<>();
        for (String name : SITES) {
            List<String> lines = Files.readAllLines(dataDirectory().resolve(name + ".csv"));
            List<String> header = List.of(lines.get(0).trim().split(","));
            int[] index = wanted.stream().mapToInt(header::indexOf).toArray();
            for (int i = 0; i < index.length; i++) {
                if (index[i] < 0) {
                    throw new IllegalStateException(name + ": no column " + wanted.get(i));
                }
            }
            List<double[]> rows = new ArrayList<>();
            int raw = 0;
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                raw++;
                String[] cells = line.split(",", -1);
                double[] row = new double[index.length];
                boolean complete = true;
                for (int i = 0; i < index.length && complete; i++) {
                    String cell = cells[index[i]].trim();
                    if (cell.isEmpty() || cell.equals("?")) {
                        complete = false;
                        break;
                    }
                    double v = Double.parseDouble(cell);
                    if (v == -9 || (wanted.get(i).equals("chol") && v == 0)) {
                        complete = false;
                    }
                    row[i] = v;
                }
                if (complete) {
                    rows.add(row);
                }
            }
            sites.put(name, new Site(name, raw, rows.toArray(double[][]::new)));
        }
        return sites;
    }
}
