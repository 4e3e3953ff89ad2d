package org.fedra.imaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.TreeMap;
import org.fedra.learn.fl.EvaluationSums;
import org.fedra.learn.fl.Evaluator;

/**
 * Evaluates an {@link ImageModelSpec} on a node's held-out images as the summable vector of its metric layout: for a
 * classifier the loss, confusion counts and score histograms of {@link EvaluationSums}; for a segmenter the totals of
 * {@link SegmentationMetrics} (pixels with probability {@code >= 0.5} are predicted foreground).
 */
public final class DjlImageEvaluator implements Evaluator<ImageModelSpec, ImageSet> {
    private static final int BATCH = 64;

    @Override
    public double[] evaluate(ImageModelSpec spec, double[] parameters, ImageSet data) {
        float[][] probabilities = predict(spec, parameters, data);
        if (ImageModelSpec.CLASSIFIER.equals(spec.kind())) {
            return classification(probabilities, data);
        }
        return segmentation(probabilities, data);
    }

    /** Probabilities per image: one value for a classifier, one per pixel for a segmenter. */
    public static float[][] predict(ImageModelSpec spec, double[] parameters, ImageSet data) {
        int s = spec.size();
        if (data.count() > 0 && data.size() != s) {
            throw new IllegalArgumentException("model takes " + s + "x" + s + " images, these are " + data.size() + "x" + data.size());
        }
        float[] w = DjlImageTrainer.toFloat(parameters);
        float[][] out = new float[data.count()][];
        DeviceChoice device = DjlImageTrainer.device(spec.device());
        try (NDManager root = NDManager.newBaseManager(device.device(), "PyTorch")) {
            for (int from = 0; from < data.count(); from += BATCH) {
                int b = Math.min(BATCH, data.count() - from);
                float[] x = new float[b * s * s];
                for (int i = 0; i < b; i++) System.arraycopy(data.pixels()[from + i], 0, x, i * s * s, s * s);
                try (NDManager m = root.newSubManager()) {
                    ImageNetwork net = new ImageNetwork(spec, w, m, false);
                    NDArray p = net.forward(ImageNetwork.owned(m, x, new Shape(b, 1, s, s))).getNDArrayInternal().sigmoid();
                    float[] v = p.toFloatArray();
                    int per = v.length / b;
                    for (int i = 0; i < b; i++) {
                        out[from + i] = new float[per];
                        System.arraycopy(v, i * per, out[from + i], 0, per);
                    }
                }
            }
        }
        return out;
    }

    private static double[] classification(float[][] p, ImageSet data) {
        int bins = EvaluationSums.DEFAULT_BINS;
        double loss = 0, tp = 0, fp = 0, tn = 0, fn = 0;
        double[] pos = new double[bins];
        double[] neg = new double[bins];
        for (int i = 0; i < data.count(); i++) {
            double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i][0]));
            boolean y = data.labels()[i] == 1;
            loss += y ? -Math.log(q) : -Math.log(1 - q);
            int bin = Math.min(bins - 1, (int) Math.floor(p[i][0] * bins));
            if (y) {
                pos[bin]++;
                if (p[i][0] >= 0.5) tp++; else fn++;
            } else {
                neg[bin]++;
                if (p[i][0] >= 0.5) fp++; else tn++;
            }
        }
        return new EvaluationSums(loss, data.count(), tp, fp, tn, fn, pos, neg).toVector();
    }

    private static double[] segmentation(float[][] p, ImageSet data) {
        int s = data.size();
        double lossSum = 0;
        Map<Integer, java.util.List<Integer>> byVolume = new TreeMap<>();
        for (int i = 0; i < data.count(); i++) {
            byVolume.computeIfAbsent(data.volume(i), k -> new java.util.ArrayList<>()).add(i);
            double l = 0;
            for (int k = 0; k < s * s; k++) {
                double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i][k]));
                l += data.masks()[i][k] == 1 ? -Math.log(q) : -Math.log(1 - q);
            }
            lossSum += l / (s * s);
        }
        double diceSum = 0, hdSum = 0, hdCount = 0, inter = 0, total = 0;
        for (java.util.List<Integer> slices : byVolume.values()) {
            boolean[][] pred = new boolean[slices.size()][s * s];
            boolean[][] truth = new boolean[slices.size()][s * s];
            double vi = 0, vt = 0;
            for (int z = 0; z < slices.size(); z++) {
                int i = slices.get(z);
                for (int k = 0; k < s * s; k++) {
                    pred[z][k] = p[i][k] >= 0.5f;
                    truth[z][k] = data.masks()[i][k] == 1;
                    if (pred[z][k] && truth[z][k]) vi++;
                    if (pred[z][k]) vt++;
                    if (truth[z][k]) vt++;
                }
            }
            diceSum += vt == 0 ? 1 : 2 * vi / vt;
            inter += vi;
            total += vt;
            double hd = SurfaceDistance.hausdorff95(pred, truth, s);
            if (!Double.isNaN(hd)) {
                hdSum += hd;
                hdCount++;
            }
        }
        return new double[] {lossSum, data.count(), byVolume.size(), diceSum, hdSum, hdCount, inter, total};
    }
}
