package org.fedra.learn.fl;

import java.util.Arrays;

/**
 * Tabular examples of one node: one row of features per example and a binary label (0 or 1).
 *
 * @param features rows of equal length
 * @param labels one label per row, each 0 or 1
 */
public record Dataset(double[][] features, double[] labels) {
    /** @throws IllegalArgumentException naming the row that is ragged or the label that is not 0/1 */
    public Dataset {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("dataset needs features and labels");
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException("dataset has " + features.length + " feature rows but "
                    + labels.length + " labels");
        }
        int width = features.length == 0 ? 0 : features[0].length;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("dataset row " + i + " has " + features[i].length
                        + " features, row 0 has " + width);
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("dataset label " + i + " must be 0 or 1, was " + labels[i]);
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Number of features per example (0 for an empty dataset). */
    public int featureCount() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /** The rows at the given indices, in that order. */
    public Dataset rows(int[] indices) {
        double[][] x = new double[indices.length][];
        double[] y = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            x[i] = features[indices[i]];
            y[i] = labels[indices[i]];
        }
        return new Dataset(x, y);
    }

    /** All rows of the given datasets, in order. */
    public static Dataset concat(Iterable<Dataset> parts) {
        java.util.List<double[]> x = new java.util.ArrayList<>();
        java.util.List<Double> y = new java.util.ArrayList<>();
        for (Dataset d : parts) {
            x.addAll(Arrays.asList(d.features));
            for (double v : d.labels) {
                y.add(v);
            }
        }
        return new Dataset(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
