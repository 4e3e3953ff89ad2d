package org.fedra.learn.fl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The real data sets of the learning tests, split into nodes and into train / held-out parts.
 *
 * <p>Heart disease: the four UCI sites as four nodes, outcome num > 0. Features age, sex, chest pain type
 * one-hot (cp = 2, 3, 4; cp = 1 is the reference), trestbps, thalach, exang, oldpeak. chol, fbs, slope, ca and
 * thal are dropped because they are missing for most Swiss (chol: all) or VA rows; a row is dropped when one of
 * the kept columns is -9, "?" or empty.
 *
 * <p>Breast cancer (Wisconsin diagnostic, 30 features, target 1 = benign): rows shuffled with seed 7 and dealt
 * round-robin to the nodes (IID split).
 *
 * <p>Held-out split: per node, rows shuffled with a fixed seed (11) and the first 25% (rounded down) held out.
 */
final class TabularSites {
    static final List<String> HEART_SITES = List.of("cleveland", "hungarian", "switzerland", "va");
    static final List<String> HEART_COLUMNS = List.of("age", "sex", "cp", "trestbps", "thalach", "exang", "oldpeak",
            "num");
    static final int HEART_FEATURES = 9;
    static final int BREAST_FEATURES = 30;
    private static final double HELD_OUT = 0.25;
    private static final long SPLIT_SEED = 11;

    /** One node's training and held-out data. */
    record Node(String name, Dataset train, Dataset test) {
    }

    private TabularSites() {
    }

    static Path data(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared/data").resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no shared/data/" + name + " above " + Path.of("").toAbsolutePath());
    }

    /** The four heart-disease sites, each split into train and held-out rows. */
    static Map<String, Node> heartDisease() throws IOException {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (String site : HEART_SITES) {
            List<String> lines = Files.readAllLines(data("heart-disease").resolve(site + ".csv"));
            List<String> header = List.of(lines.get(0).trim().split(","));
            int[] index = HEART_COLUMNS.stream().mapToInt(header::indexOf).toArray();
            List<double[]> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                double[] v = new double[index.length];
                boolean complete = true;
                for (int i = 0; i < index.length && complete; i++) {
                    String cell = cells[index[i]].trim();
                    complete = !cell.isEmpty() && !cell.equals("?") && Double.parseDouble(cell) != -9;
                    v[i] = complete ? Double.parseDouble(cell) : 0;
                }
                if (!complete) {
                    continue;
                }
                double cp = v[2];
                x.add(new double[] {v[0], v[1], cp == 2 ? 1 : 0, cp == 3 ? 1 : 0, cp == 4 ? 1 : 0, v[3], v[4], v[5],
                    v[6]});
                y.add(v[7] > 0 ? 1.0 : 0.0);
            }
            nodes.put(site, split(site, toDataset(x, y)));
        }
        return nodes;
    }

    /** Breast cancer dealt round-robin to {@code count} nodes named node-1..node-count. */
    static Map<String, Node> breastCancer(int count) throws IOException {
        List<String> lines = Files.readAllLines(data("breast-cancer").resolve("breast_cancer.csv"));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) { // line 0 is the sklearn header "569,30,..."
            if (!line.isBlank()) {
                rows.add(java.util.Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
            }
        }
        shuffle(rows, new SplittableRandom(7));
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (int n = 0; n < count; n++) {
            List<double[]> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = n; i < rows.size(); i += count) {
                double[] r = rows.get(i);
                x.add(java.util.Arrays.copyOf(r, BREAST_FEATURES));
                y.add(r[BREAST_FEATURES]);
            }
            String name = "node-" + (n + 1);
            nodes.put(name, split(name, toDataset(x, y)));
        }
        return nodes;
    }

    private static Dataset toDataset(List<double[]> x, List<Double> y) {
        return new Dataset(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Node split(String name, Dataset all) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            order.add(i);
        }
        shuffle(order, new SplittableRandom(SPLIT_SEED));
        int held = (int) Math.floor(HELD_OUT * all.size());
        int[] test = order.subList(0, held).stream().mapToInt(Integer::intValue).toArray();
        int[] train = order.subList(held, order.size()).stream().mapToInt(Integer::intValue).toArray();
        return new Node(name, all.rows(train), all.rows(test));
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
