package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a round's training produced, as the hub holds it: the SUM of the contributors' update vectors (all that secure
 * aggregation reveals) or each contributor's own vector (secure aggregation off). Vectors are
 * {@code [weighted delta..., weight]} (see {@link ClientUpdate}).
 */
public sealed interface FitResults {
    /** The nodes whose vectors are in the results, sorted. */
    List<String> contributors();

    /** The entry-wise sum of the contributors' vectors. */
    double[] sum();

    /** Whether each node's vector is known on its own. */
    boolean individual();

    /**
     * Each contributor's delta ({@code vector / weight}), in contributor order.
     *
     * @throws IllegalStateException for summed results
     * @throws IllegalArgumentException if a weight is not positive
     */
    List<double[]> deltas();

    /** The secure sum of the contributors' vectors. */
    record Summed(double[] sum, List<String> contributors) implements FitResults {
        public Summed {
            contributors = contributors.stream().sorted().toList();
        }

        @Override
        public boolean individual() {
            return false;
        }

        @Override
        public List<double[]> deltas() {
            throw new IllegalStateException("a secure sum holds no individual updates");
        }
    }

    /** Each contributor's own vector. */
    record Individual(Map<String, double[]> vectors) implements FitResults {
        public Individual {
            vectors = new TreeMap<>(vectors);
        }

        @Override
        public List<String> contributors() {
            return List.copyOf(vectors.keySet());
        }

        @Override
        public boolean individual() {
            return true;
        }

        @Override
        public double[] sum() {
            double[] total = null;
            for (double[] v : vectors.values()) {
                if (total == null) {
                    total = v.clone();
                } else {
                    for (int k = 0; k < v.length; k++) {
                        total[k] += v[k];
                    }
                }
            }
            return total == null ? new double[0] : total;
        }

        @Override
        public List<double[]> deltas() {
            List<double[]> out = new ArrayList<>();
            vectors.forEach((node, v) -> {
                int p = v.length - 1;
                if (!(v[p] > 0)) {
                    throw new IllegalArgumentException("update of node " + node + " has weight " + v[p]);
                }
                double[] d = new double[p];
                for (int k = 0; k < p; k++) {
                    d[k] = v[k] / v[p];
                }
                out.add(d);
            });
            return out;
        }
    }
}
