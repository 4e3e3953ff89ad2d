package org.fedra.learn.fl;

/**
 * Pooled evaluation metrics. AUC from histograms counts a positive/negative pair as ordered correctly when the
 * positive's bin is higher, and as half when both share a bin; with 1000 bins the result differs from the
 * exact AUC by at most half the share of pairs that fall in the same 0.001-wide bin.
 *
 * @param n examples
 * @param loss mean cross-entropy
 * @param accuracy share classified correctly at threshold 0.5
 * @param auc area under the ROC curve (NaN if one class is absent)
 * @param sensitivity true positive rate at 0.5 (NaN without positives)
 * @param specificity true negative rate at 0.5 (NaN without negatives)
 */
public record Metrics(double n, double loss, double accuracy, double auc, double sensitivity, double specificity) {

    /** The metrics of pooled (summed) evaluation vectors. */
    public static Metrics fromSums(EvaluationSums s) {
        if (!(s.n() > 0)) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        double[] pos = s.positiveHistogram();
        double[] neg = s.negativeHistogram();
        double positives = 0;
        double negatives = 0;
        double pairs = 0;
        for (int b = 0; b < pos.length; b++) {
            // negatives strictly below bin b, plus half of those in it
            pairs += pos[b] * (negatives + neg[b] / 2);
            negatives += neg[b];
            positives += pos[b];
        }
        double auc = positives > 0 && negatives > 0 ? pairs / (positives * negatives) : Double.NaN;
        double tp = s.truePositives();
        double tn = s.trueNegatives();
        return new Metrics(s.n(), s.lossSum() / s.n(), (tp + tn) / s.n(), auc,
                tp + s.falseNegatives() > 0 ? tp / (tp + s.falseNegatives()) : Double.NaN,
                tn + s.falsePositives() > 0 ? tn / (tn + s.falsePositives()) : Double.NaN);
    }

    /** The exact (rank-based, ties counted half) AUC of a model on data held in one place; for reference. */
    public static double exactAuc(Model model, Dataset data) {
        int n = data.size();
        double[][] scored = new double[n][];
        for (int i = 0; i < n; i++) {
            scored[i] = new double[] {model.predict(data.features()[i]), data.labels()[i]};
        }
        java.util.Arrays.sort(scored, (a, b) -> Double.compare(a[0], b[0]));
        double positives = 0;
        double negatives = 0;
        double pairs = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            double tiePos = 0;
            double tieNeg = 0;
            while (j < n && scored[j][0] == scored[i][0]) {
                if (scored[j][1] == 1) {
                    tiePos++;
                } else {
                    tieNeg++;
                }
                j++;
            }
            pairs += tiePos * (negatives + tieNeg / 2);
            positives += tiePos;
            negatives += tieNeg;
            i = j;
        }
        return positives > 0 && negatives > 0 ? pairs / (positives * negatives) : Double.NaN;
    }
}
