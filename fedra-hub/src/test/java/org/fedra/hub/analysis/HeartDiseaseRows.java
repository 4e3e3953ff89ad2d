package org.fedra.hub.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The heart-disease site files read directly, independently of the node's importer, with the mapping's missing-value
 * rules (-9, ? and empty everywhere; 0 for trestbps and chol): complete cases of the wanted columns.
 */
final class HeartDiseaseRows {
    static final List<String> SITES = List.of("cleveland", "hungarian", "switzerland", "va");

    private HeartDiseaseRows() {}

    static Path file(String site) {
        return org.fedra.hub.HeartDiseaseNodes.file(site);
    }

    static List<double[]> completeRows(String site, List<String> columns) throws IOException {
        List<String> lines = Files.readAllLines(file(site));
        List<String> header = List.of(lines.get(0).trim().split(","));
        List<double[]> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            double[] row = new double[columns.size()];
            boolean complete = true;
            for (int i = 0; i < columns.size() && complete; i++) {
                String cell = cells[header.indexOf(columns.get(i))].trim();
                boolean zeroMissing = columns.get(i).equals("chol") || columns.get(i).equals("trestbps");
                if (cell.isEmpty() || cell.equals("?") || Double.parseDouble(cell) == -9 || (zeroMissing && Double.parseDouble(cell) == 0)) {
                    complete = false;
                } else {
                    row[i] = Double.parseDouble(cell);
                }
            }
            if (complete) out.add(row);
        }
        return out;
    }
}
