package org.fedra.learn.fl;

/**
 * Feature standardisation {@code (x - mean) / sd} whose means and standard deviations come from the
 * POOLED data of all nodes, computed from summed vectors so that they can travel through secure
 * aggregation: each node sends {@link #summands(Dataset)}, the hub adds them and calls
 * {@link #fromPooledSums(double[])}. A feature with zero pooled variance keeps scale 1.
 *
 * @param means pooled mean per feature
 * @param scales pooled (population) standard deviation per feature, 1 where it is 0
 */
public record Standardisation(double[] means, double[] scales) {
    public Standardisation {
        if (means.length != scales.length) {
            throw new IllegalArgumentException("standardisation has " + means.length + " means but "
                    + scales.length + " scales");
        }
    }

    /**
     * A node's summable vector {@code [n, sum_1..sum_d, sumsq_1..sumsq_d]} (length {@code 1 + 2d}).
     * It holds only totals; small nodes should send it through secure aggregation.
     */
    public static double[] summands(Dataset local) {
        int d = local.featureCount();
        double[] v = new double[1 + 2 * d];
        v[0] = local.size();
        for (double[] row : local.features()) {
            for (int j = 0; j < d; j++) {
                v[1 + j] += row[j];
                v[1 + d + j] += row[j] * row[j];
            }
        }
        return v;
    }

    /**
     * The standardisation of the pooled data from the sum of every node's {@link #summands(Dataset)}.
     *
     * @throws IllegalArgumentException if the vector does not have odd length or n is not positive
     */
    public static Standardisation fromPooledSums(double[] pooled) {
        if (pooled.length % 2 != 1) {
            throw new IllegalArgumentException("pooled standardisation sums must have length 1 + 2d, was "
                    + pooled.length);
        }
        double n = pooled[0];
        if (!(n > 0)) {
            throw new IllegalArgumentException("pooled standardisation sums: n must be positive, was " + n);
        }
        int d = (pooled.length - 1) / 2;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = pooled[1 + j] / n;
            double var = Math.max(0, pooled[1 + d + j] / n - mean[j] * mean[j]);
            sd[j] = var > 1e-12 ? Math.sqrt(var) : 1;
        }
        return new Standardisation(mean, sd);
    }

    /** The dataset with every feature standardised; labels unchanged. */
    public Dataset apply(Dataset data) {
        if (data.size() > 0 && data.featureCount() != means.length) {
            throw new IllegalArgumentException("standardisation is for " + means.length + " features, dataset has "
                    + data.featureCount());
        }
        double[][] x = new double[data.size()][];
        for (int i = 0; i < x.length; i++) {
            double[] row = data.features()[i];
            x[i] = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                x[i][j] = (row[j] - means[j]) / scales[j];
            }
        }
        return new Dataset(x, data.labels().clone());
    }
}
