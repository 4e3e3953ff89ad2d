package org.fedra.learn.fl;

import java.util.Arrays;

/**
 * A node's evaluation of a model as totals that add across nodes (send them through secure aggregation: the
 * histograms of a small node are close to patient-level). Predictions are thresholded at 0.5 for the confusion
 * counts; the score histograms have {@code bins} equal-width bins over the predicted probability [0, 1], bin
 * {@code min(bins - 1, floor(p * bins))}, one histogram per class. {@link Metrics#fromSums} turns the pooled
 * sums into loss, accuracy and AUC.
 *
 * @param lossSum summed cross-entropy (natural log)
 * @param n number of examples
 * @param truePositives label 1, p >= 0.5
 * @param falsePositives label 0, p >= 0.5
 * @param trueNegatives label 0, p < 0.5
 * @param falseNegatives label 1, p < 0.5
 * @param positiveHistogram score histogram of label-1 examples
 * @param negativeHistogram score histogram of label-0 examples
 */
public record EvaluationSums(double lossSum, double n, double truePositives, double falsePositives,
        double trueNegatives, double falseNegatives, double[] positiveHistogram, double[] negativeHistogram) {

    /** Default histogram resolution: 1000 bins of width 0.001. */
    public static final int DEFAULT_BINS = 1000;

    public EvaluationSums {
        if (positiveHistogram.length != negativeHistogram.length || positiveHistogram.length < 1) {
            throw new IllegalArgumentException("evaluation histograms must have the same, positive number of bins");
        }
    }

    /** The node-side evaluation of {@code model} on {@code data}. */
    public static EvaluationSums of(Model model, Dataset data, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, was " + bins);
        }
        double loss = 0;
        double tp = 0;
        double fp = 0;
        double tn = 0;
        double fn = 0;
        double[] pos = new double[bins];
        double[] neg = new double[bins];
        for (int i = 0; i < data.size(); i++) {
            double[] x = data.features()[i];
            double y = data.labels()[i];
            double p = model.predict(x);
            loss += -(y * Math.log(Math.max(p, 1e-300)) + (1 - y) * Math.log(Math.max(1 - p, 1e-300)));
            boolean predictedPositive = p >= 0.5;
            int bin = Math.min(bins - 1, (int) Math.floor(p * bins));
            if (y == 1) {
                pos[bin]++;
                if (predictedPositive) {
                    tp++;
                } else {
                    fn++;
                }
            } else {
                neg[bin]++;
                if (predictedPositive) {
                    fp++;
                } else {
                    tn++;
                }
            }
        }
        return new EvaluationSums(loss, data.size(), tp, fp, tn, fn, pos, neg);
    }

    /** The flat summable vector {@code [lossSum, n, tp, fp, tn, fn, positive bins..., negative bins...]}. */
    public double[] toVector() {
        int b = positiveHistogram.length;
        double[] v = new double[6 + 2 * b];
        v[0] = lossSum;
        v[1] = n;
        v[2] = truePositives;
        v[3] = falsePositives;
        v[4] = trueNegatives;
        v[5] = falseNegatives;
        System.arraycopy(positiveHistogram, 0, v, 6, b);
        System.arraycopy(negativeHistogram, 0, v, 6 + b, b);
        return v;
    }

    /** The inverse of {@link #toVector()}, e.g. applied to the secure sum of the nodes' vectors. */
    public static EvaluationSums fromVector(double[] v) {
        if (v.length < 8 || (v.length - 6) % 2 != 0) {
            throw new IllegalArgumentException("not an evaluation vector: length " + v.length);
        }
        int b = (v.length - 6) / 2;
        return new EvaluationSums(v[0], v[1], v[2], v[3], v[4], v[5], Arrays.copyOfRange(v, 6, 6 + b),
                Arrays.copyOfRange(v, 6 + b, 6 + 2 * b));
    }

    /** Entry-wise sum of evaluation vectors (what secure aggregation yields). */
    public static double[] sum(Iterable<double[]> vectors) {
        double[] total = null;
        for (double[] v : vectors) {
            if (total == null) {
                total = v.clone();
            } else {
                if (v.length != total.length) {
                    throw new IllegalArgumentException("evaluation vectors of different lengths");
                }
                for (int k = 0; k < v.length; k++) {
                    total[k] += v[k];
                }
            }
        }
        if (total == null) {
            throw new IllegalArgumentException("no evaluation vectors to sum");
        }
        return total;
    }
}
