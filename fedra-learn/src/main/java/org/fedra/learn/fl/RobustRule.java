package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the nodes' individual deltas are combined, as a typed value: {@link None} (their mean), or a rule that a few
 * faulty or malicious (Byzantine) nodes cannot drag far: {@link Median coordinate-wise median},
 * {@link TrimmedMean coordinate-wise trimmed mean}, {@link Krum} (Blanchard et al. 2017: the update with the smallest
 * sum of squared distances to its n - f - 2 nearest others) and {@link MultiKrum} (the mean of the {@code select}
 * best-scored updates). Robust rules look at each node's update on its own, so they cannot be combined with secure
 * aggregation (which only ever reveals the sum). Updates get equal weight: a node could lie about its example count.
 */
public sealed interface RobustRule {
    /** The names a job configuration uses, in order. */
    List<String> NAMES = List.of("none", "median", "trimmed-mean", "krum", "multi-krum");

    /** The name used in job configurations. */
    String name();

    /**
     * @param deltas one delta per node, all of the same length
     * @return the aggregated delta
     * @throws IllegalArgumentException if there are fewer updates than the rule needs
     */
    double[] aggregate(List<double[]> deltas);

    /** Whether this is a robust rule (needs individual updates), not the plain mean. */
    default boolean robust() {
        return true;
    }

    /** The smallest number of updates the rule can aggregate. */
    default int minimumUpdates() {
        return 1;
    }

    /**
     * Checks that the rule can run with {@code updatesPerRound} updates.
     *
     * @throws JobConfigException naming the {@code robustRule} field that does not fit
     */
    default void checkFits(int updatesPerRound) {
        if (updatesPerRound < minimumUpdates()) {
            throw new JobConfigException("robustRule.byzantine", name() + " tolerating " + byzantine()
                    + " faulty nodes needs at least " + minimumUpdates() + " updates per round, the job has "
                    + updatesPerRound);
        }
    }

    /** Faulty nodes tolerated (Krum, Multi-Krum), else 0. */
    default int byzantine() {
        return 0;
    }

    /** The rule's settings as a JSON-friendly map that {@link #fromMap} reads back. */
    default Map<String, Object> toMap() {
        return Map.of("name", name());
    }

    /** No robust rule: the mean. */
    record None() implements RobustRule {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public boolean robust() {
            return false;
        }

        @Override
        public double[] aggregate(List<double[]> deltas) {
            return mean(deltas);
        }
    }

    /** The coordinate-wise median. */
    record Median() implements RobustRule {
        @Override
        public String name() {
            return "median";
        }

        @Override
        public double[] aggregate(List<double[]> deltas) {
            return median(deltas);
        }
    }

    /** @param trimFraction fraction of updates cut at EACH end per coordinate, in [0, 0.5) */
    record TrimmedMean(double trimFraction) implements RobustRule {
        public TrimmedMean {
            if (!(trimFraction >= 0 && trimFraction < 0.5)) {
                throw new JobConfigException("robustRule.trimFraction", "must lie in [0, 0.5), was " + trimFraction);
            }
        }

        @Override
        public String name() {
            return "trimmed-mean";
        }

        @Override
        public double[] aggregate(List<double[]> deltas) {
            return trimmedMean(deltas, trimFraction);
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("name", name(), "trimFraction", trimFraction);
        }
    }

    /** @param byzantine number f of faulty nodes tolerated (needs at least 2f + 3 updates) */
    record Krum(int byzantine) implements RobustRule {
        public Krum {
            JobLimits.whole("robustRule.byzantine", byzantine, 0, JobLimits.MAX_BYZANTINE);
        }

        @Override
        public String name() {
            return "krum";
        }

        @Override
        public int minimumUpdates() {
            return 2 * byzantine + 3;
        }

        @Override
        public double[] aggregate(List<double[]> deltas) {
            return multiKrum(deltas, byzantine, 1);
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("name", name(), "byzantine", byzantine);
        }
    }

    /**
     * @param byzantine number f of faulty nodes tolerated (needs at least 2f + 3 updates)
     * @param select    how many best-scored updates are averaged
     */
    record MultiKrum(int byzantine, int select) implements RobustRule {
        public MultiKrum {
            JobLimits.whole("robustRule.byzantine", byzantine, 0, JobLimits.MAX_BYZANTINE);
            JobLimits.whole("robustRule.select", select, 1, JobLimits.MAX_SELECT);
        }

        @Override
        public String name() {
            return "multi-krum";
        }

        @Override
        public int minimumUpdates() {
            return 2 * byzantine + 3;
        }

        @Override
        public void checkFits(int updatesPerRound) {
            RobustRule.super.checkFits(updatesPerRound);
            if (select > updatesPerRound) {
                throw new JobConfigException("robustRule.select", "cannot select " + select + " of " + updatesPerRound
                        + " updates per round");
            }
        }

        @Override
        public double[] aggregate(List<double[]> deltas) {
            return multiKrum(deltas, byzantine, select);
        }

        @Override
        public Map<String, Object> toMap() {
            return Map.of("name", name(), "byzantine", byzantine, "select", select);
        }
    }

    /** The plain mean, no robust rule. */
    static RobustRule none() {
        return new None();
    }

    /**
     * Reads a rule from a job configuration: a name, or an object {@code {name, trimFraction, byzantine, select}}
     * whose absent settings default to trimFraction 0.2, byzantine 1, select 2. Settings the rule does not use are
     * ignored.
     *
     * @throws JobConfigException naming the {@code robustRule} field at fault
     */
    static RobustRule fromMap(Object value) {
        if (value == null) {
            return none();
        }
        String name;
        JsonFields r;
        if (value instanceof String s) {
            name = s;
            r = JsonFields.config(Map.of(), java.util.Set.of(), "robustRule.");
        } else if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> settings = (Map<String, ?>) m;
            r = JsonFields.config(settings, java.util.Set.of("name", "trimFraction", "byzantine", "select"), "robustRule.");
            name = r.string("name", "none");
        } else {
            throw new JobConfigException("robustRule", "must be a rule name or an object, was " + value);
        }
        return switch (name) {
            case "none" -> none();
            case "median" -> new Median();
            case "trimmed-mean" -> new TrimmedMean(r.number("trimFraction", 0.2));
            case "krum" -> new Krum(r.integer("byzantine", 1));
            case "multi-krum" -> new MultiKrum(r.integer("byzantine", 1), r.integer("select", 2));
            default -> throw new JobConfigException("robustRule.name", "unknown robust rule '" + name + "'; known: "
                    + String.join(", ", NAMES));
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
