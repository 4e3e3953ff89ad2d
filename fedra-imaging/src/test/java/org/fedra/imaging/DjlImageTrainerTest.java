package org.fedra.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.fedra.learn.fl.LocalUpdate;
import org.fedra.learn.fl.PooledMetrics;
import org.fedra.learn.fl.TrainingCancelledException;
import org.fedra.learn.fl.TrainingConfig;
import org.junit.jupiter.api.Test;

class DjlImageTrainerTest {
    private static final ImageModelSpec SPEC = new ImageModelSpec(ImageModelSpec.CLASSIFIER, 16, new int[] {4, 8}, "cpu");

    /** Noise images; the positives carry a bright 3x3 square somewhere. */
    private static ImageSet squares(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] px = new float[n][16 * 16];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < px[i].length; k++) px[i][k] = (float) (0.3 + 0.1 * rng.nextGaussian());
            y[i] = i % 2;
            if (y[i] == 1) {
                int r = 2 + rng.nextInt(11);
                int c = 2 + rng.nextInt(11);
                for (int dr = 0; dr < 3; dr++) for (int dc = 0; dc < 3; dc++) px[i][(r + dr) * 16 + c + dc] += 0.6f;
            }
        }
        return ImageSet.classification(16, px, y);
    }

    @Test
    void trainingIsDeterministicForASeedAndLearnsABrightSquare() {
        ImageSet train = squares(96, 1);
        ImageSet test = squares(64, 2);
        double[] w0 = SPEC.initialParameters(5);
        TrainingConfig config = new TrainingConfig(8, 16, 0.3, 0);
        LocalUpdate a = new DjlImageTrainer().train(SPEC, w0, train, config, 9);
        LocalUpdate b = new DjlImageTrainer().train(SPEC, w0, train, config, 9);
        assertArrayEquals(a.delta(), b.delta());
        assertEquals(96, a.examples());
        double[] w = w0.clone();
        for (int k = 0; k < w.length; k++) w[k] += a.delta()[k];
        PooledMetrics before = SPEC.metricLayout().summarise(new DjlImageEvaluator().evaluate(SPEC, w0, test));
        PooledMetrics after = SPEC.metricLayout().summarise(new DjlImageEvaluator().evaluate(SPEC, w, test));
        assertTrue(after.value("loss") < before.value("loss"), before.values() + " -> " + after.values());
        assertTrue(after.value("auc") > 0.9, "AUC " + after.value("auc"));
    }

    @Test
    void fedProxPullsTheUpdateTowardsTheGlobalModel() {
        ImageSet train = squares(32, 3);
        double[] w0 = SPEC.initialParameters(5);
        double free = norm(new DjlImageTrainer().train(SPEC, w0, train, new TrainingConfig(3, 8, 0.3, 0), 4).delta());
        double prox = norm(new DjlImageTrainer().train(SPEC, w0, train, new TrainingConfig(3, 8, 0.3, 2.0), 4).delta());
        assertTrue(prox < free, "FedProx delta " + prox + " should be shorter than " + free);
    }

    @Test
    void aCancelledJobStopsBetweenBatchesAndWrongSizesAreRefused() {
        ImageSet train = squares(32, 3);
        assertThrows(TrainingCancelledException.class, () -> new DjlImageTrainer().train(SPEC, SPEC.initialParameters(1), train,
                new TrainingConfig(1, 8, 0.1, 0), 1, () -> true));
        ImageModelSpec other = new ImageModelSpec(ImageModelSpec.CLASSIFIER, 32, new int[] {4, 8}, "cpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DjlImageTrainer().train(other, other.initialParameters(1), train, new TrainingConfig(1, 8, 0.1, 0), 1));
        assertTrue(e.getMessage().contains("16x16"), e.getMessage());
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }
}
