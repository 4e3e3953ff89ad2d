package org.fedra.learn.fl;

import java.util.SplittableRandom;

/**
 * Mini-batch SGD on the mean cross-entropy of each batch, with the FedProx proximal term when
 * {@code mu > 0}. The data are reshuffled every epoch from the given seed; the control is polled before every batch and told after every epoch.
 */
public final class TabularTrainer implements Trainer<ModelSpec, Dataset> {
    @Override
    public LocalUpdate train(ModelSpec spec, double[] globalParameters, Dataset local, TrainingConfig config,
            long seed, TrainingControl control) {
        if (local.size() > 0 && local.featureCount() != spec.features()) {
            throw new IllegalArgumentException("model " + spec + " expects " + spec.features()
                    + " features, local data has " + local.featureCount());
        }
        double[] w = globalParameters.clone();
        int n = local.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] gradient = new double[w.length];
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
            shuffle(order, rng);
            for (int from = 0; from < n; from += config.batchSize()) {
                if (control.stopRequested()) {
                    throw new TrainingCancelledException("in epoch " + (epoch + 1) + " of " + config.localEpochs()
                            + ", before batch " + (from / config.batchSize() + 1) + " of " + batches);
                }
                int to = Math.min(n, from + config.batchSize());
                java.util.Arrays.fill(gradient, 0);
                new Model(spec, w).accumulateGradient(local, order, from, to, gradient);
                double scale = 1.0 / (to - from);
                for (int k = 0; k < w.length; k++) {
                    double g = gradient[k] * scale + config.mu() * (w[k] - globalParameters[k]);
                    w[k] -= config.learningRate() * g;
                }
            }
            control.epochDone(epoch + 1, config.localEpochs());
        }
        double[] delta = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            delta[k] = w[k] - globalParameters[k];
        }
        return new LocalUpdate(delta, n);
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
