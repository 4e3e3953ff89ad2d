package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Combines the nodes' individual deltas so that a few faulty or malicious (Byzantine) nodes cannot drag the
 * global model far: coordinate-wise median, coordinate-wise trimmed mean, Krum (Blanchard et al. 2017: the
 * update with the smallest sum of squared distances to its n - f - 2 nearest others) and Multi-Krum (the mean
 * of the {@code select} best-scored updates). Updates get equal weight: a node could lie about its example
 * count.
 */
public interface RobustRule {
    /**
     * @param deltas one delta per node, all of the same length
     * @return the aggregated delta
     * @throws IllegalArgumentException if there are fewer updates than the rule needs
     */
    double[] aggregate(List<double[]> deltas);

    /** The rule a configuration names; "none" gives the plain (unweighted) mean. */
    static RobustRule of(RobustRuleConfig config) {
        config.validate();
        return switch (config.name()) {
            case "median" -> RobustRule::median;
            case "trimmed-mean" -> deltas -> trimmedMean(deltas, config.trimFraction());
            case "krum" -> deltas -> multiKrum(deltas, config.byzantine(), 1);
            case "multi-krum" -> deltas -> multiKrum(deltas, config.byzantine(), config.select());
            default -> RobustRule::mean;
        };
    }

    /** The plain mean. */
    static double[] mean(List<double[]> deltas) {
        double[] sum = new double[check(deltas, 1)];
        for (double[] d : deltas) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += d[k];
            }
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= deltas.size();
        }
        return sum;
    }

    /** The coordinate-wise median (mean of the two middle values for an even count). */
    static double[] median(List<double[]> deltas) {
        int p = check(deltas, 1);
        int n = deltas.size();
        double[] out = new double[p];
        double[] col = new double[n];
        for (int k = 0; k < p; k++) {
            for (int i = 0; i < n; i++) {
                col[i] = deltas.get(i)[k];
            }
            Arrays.sort(col);
            out[k] = n % 2 == 1 ? col[n / 2] : (col[n / 2 - 1] + col[n / 2]) / 2;
        }
        return out;
    }

    /** The coordinate-wise mean after dropping {@code floor(fraction * n)} values at each end. */
    static double[] trimmedMean(List<double[]> deltas, double fraction) {
        int p = check(deltas, 1);
        int n = deltas.size();
        int cut = (int) Math.floor(fraction * n);
        if (n - 2 * cut < 1) {
            throw new IllegalArgumentException("trimmed mean with trimFraction " + fraction + " leaves no update of "
                    + n);
        }
        double[] out = new double[p];
        double[] col = new double[n];
        for (int k = 0; k < p; k++) {
            for (int i = 0; i < n; i++) {
                col[i] = deltas.get(i)[k];
            }
            Arrays.sort(col);
            double s = 0;
            for (int i = cut; i < n - cut; i++) {
                s += col[i];
            }
            out[k] = s / (n - 2 * cut);
        }
        return out;
    }

    /** Multi-Krum with f tolerated faults averaging the {@code select} best; select = 1 is Krum. */
    static double[] multiKrum(List<double[]> deltas, int byzantine, int select) {
        int n = deltas.size();
        check(deltas, 2 * byzantine + 3);
        if (select > n) {
            throw new IllegalArgumentException("multi-krum cannot select " + select + " of " + n + " updates");
        }
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                double[] a = deltas.get(i);
                double[] b = deltas.get(j);
                for (int k = 0; k < a.length; k++) {
                    s += (a[k] - b[k]) * (a[k] - b[k]);
                }
                dist[i][j] = s;
                dist[j][i] = s;
            }
        }
        int neighbours = n - byzantine - 2;
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double[] others = new double[n - 1];
            int o = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others[o++] = dist[i][j];
                }
            }
            Arrays.sort(others);
            for (int j = 0; j < neighbours; j++) {
                score[i] += others[j];
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // ties broken by position so the choice is deterministic
        Arrays.sort(order, (a, b) -> score[a] != score[b] ? Double.compare(score[a], score[b]) : Integer.compare(a, b));
        List<double[]> chosen = new ArrayList<>();
        for (int i = 0; i < select; i++) {
            chosen.add(deltas.get(order[i]));
        }
        return mean(chosen);
    }

    private static int check(List<double[]> deltas, int minimum) {
        if (deltas.size() < minimum) {
            throw new IllegalArgumentException("robust aggregation needs at least " + minimum + " updates, got "
                    + deltas.size());
        }
        int p = deltas.get(0).length;
        for (int i = 1; i < deltas.size(); i++) {
            if (deltas.get(i).length != p) {
                throw new IllegalArgumentException("update " + i + " has " + deltas.get(i).length
                        + " entries, update 0 has " + p);
            }
        }
        return p;
    }
}
