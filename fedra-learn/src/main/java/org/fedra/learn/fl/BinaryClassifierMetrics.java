package org.fedra.learn.fl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation vector of a binary classifier ({@link EvaluationSums#toVector()}): summed loss, example count,
 * the confusion counts at threshold 0.5 and one score histogram per class, from which the pooled loss, accuracy,
 * AUC, sensitivity and specificity follow ({@link Metrics#fromSums}).
 *
 * @param bins bins of each score histogram
 */
public record BinaryClassifierMetrics(int bins) implements MetricLayout {
    public BinaryClassifierMetrics {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
    }

    @Override
    public List<Segment> segments() {
        return List.of(new Segment("lossSum", 1), new Segment("n", 1), new Segment("truePositives", 1),
                new Segment("falsePositives", 1), new Segment("trueNegatives", 1), new Segment("falseNegatives", 1),
                new Segment("positiveHistogram", bins), new Segment("negativeHistogram", bins));
    }

    @Override
    public PooledMetrics summarise(double[] pooledSums) {
        if (pooledSums.length != length()) {
            throw new IllegalArgumentException("an evaluation vector of " + bins + "-bin histograms has " + length()
                    + " entries, was given " + pooledSums.length);
        }
        Metrics m = Metrics.fromSums(EvaluationSums.fromVector(pooledSums));
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", m.loss());
        values.put("accuracy", m.accuracy());
        values.put("auc", m.auc());
        values.put("sensitivity", m.sensitivity());
        values.put("specificity", m.specificity());
        return new PooledMetrics(m.n(), values);
    }
}
