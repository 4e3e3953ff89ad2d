package org.fedra.hub.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Robust outlier rules for one round's individual training updates (issue 15, point 6; DESIGN section 9), for jobs
 * without secure aggregation where the hub sees each node's vector. An update is an outlier in norm when its L2 norm
 * exceeds the round's median norm by more than {@value #K} robust standard deviations (1.4826 times the median absolute
 * deviation, floored at a tenth of the median so that a round of near-equal norms does not flag small differences), and
 * in direction when it points against the coordinate-wise median of the updates (negative cosine): a poisoning or
 * model-replacement attempt. Median statistics: one or a few attackers cannot move them. Pure.
 */
public final class UpdateOutliers {
    /** How many robust standard deviations above the median norm an update may be. */
    static final double K = 3;
    /** Below this many updates no rule is meaningful. */
    static final int MIN_UPDATES = 3;

    private UpdateOutliers() {
    }

    /** The outliers among {@code vectors} (node to update), each with why; empty with fewer than three updates. */
    public static Map<String, String> find(Map<String, double[]> vectors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (vectors.size() < MIN_UPDATES) {
            return out;
        }
        Map<String, Double> norms = new LinkedHashMap<>();
        vectors.forEach((n, v) -> norms.put(n, norm(v)));
        double median = median(norms.values().stream().mapToDouble(Double::doubleValue).toArray());
        double mad = median(norms.values().stream().mapToDouble(x -> Math.abs(x - median)).toArray());
        double spread = Math.max(1.4826 * mad, 0.1 * median);
        double limit = median + K * spread;
        double[] centre = coordinateMedian(vectors);
        double centreNorm = norm(centre);
        for (Map.Entry<String, double[]> e : vectors.entrySet()) {
            double norm = norms.get(e.getKey());
            if (norm > limit) {
                out.put(e.getKey(), String.format(Locale.ROOT, "update norm %.4g is above the round's limit %.4g (median %.4g + %s x robust sd %.4g)",
                        norm, limit, median, (int) K, spread));
                continue;
            }
            if (centreNorm > 0 && norm > 0) {
                double cos = dot(e.getValue(), centre) / (norm * centreNorm);
                if (cos < 0) {
                    out.put(e.getKey(), String.format(Locale.ROOT, "update points against the round's other updates (cosine %.3f with their "
                            + "coordinate-wise median)", cos));
                }
            }
        }
        return out;
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double[] coordinateMedian(Map<String, double[]> vectors) {
        int length = vectors.values().iterator().next().length;
        double[] out = new double[length];
        double[] column = new double[vectors.size()];
        for (int i = 0; i < length; i++) {
            int j = 0;
            for (double[] v : vectors.values()) {
                column[j++] = v[i];
            }
            out[i] = median(column);
        }
        return out;
    }
}
