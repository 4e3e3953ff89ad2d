package org.fedra.imaging;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.fedra.learn.fl.LocalUpdate;
import org.fedra.learn.fl.Trainer;
import org.fedra.learn.fl.TrainingCancelledException;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.learn.fl.TrainingControl;

/**
 * Trains an {@link ImageModelSpec} with DJL's PyTorch engine: mini-batch SGD on the mean binary cross-entropy of each
 * batch (a segmenter adds the soft Dice loss of the batch), gradients clipped to norm {@value #MAX_GRADIENT_NORM}, with the
 * FedProx proximal term when {@code mu > 0}, on
 * seeded augmented images; the data are reshuffled every epoch from the round's seed. Autograd gives the gradient,
 * the update itself is done on the flat vector so that the federation's parameters are exactly what is trained.
 */
public final class DjlImageTrainer implements Trainer<ImageModelSpec, ImageSet> {
    private static final System.Logger LOG = System.getLogger(DjlImageTrainer.class.getName());
    private static final Augmentation AUGMENT = new Augmentation(2, 0.1);

    static {
        // the native library comes from the pytorch-native-cpu jar on the class path; never download anything
        System.setProperty("ai.djl.offline", "true");
        // one intra-op thread: PyTorch's multi-threaded CPU kernels may sum in a different order from run to run, and a
        // resumed job must reproduce an uninterrupted one bit for bit (a node may raise it with the same property)
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Where this node trains a model asking for {@code requested}; says so when a GPU was asked for and is absent. */
    public static DeviceChoice device(String requested) {
        DeviceChoice c = DeviceChoice.of(requested, Engine.getEngine("PyTorch").getGpuCount());
        if (c.note() != null) LOG.log(System.Logger.Level.WARNING, c.note());
        return c;
    }

    @Override
    public LocalUpdate train(ImageModelSpec spec, double[] globalParameters, ImageSet local, TrainingConfig config, long seed,
            TrainingControl control) {
        if (local.count() > 0 && local.size() != spec.size()) {
            throw new IllegalArgumentException("model " + spec + " takes " + spec.size() + "x" + spec.size()
                    + " images, local images are " + local.size() + "x" + local.size());
        }
        boolean segmentation = ImageModelSpec.SEGMENTATION.equals(spec.kind());
        DeviceChoice device = device(spec.device());
        int n = local.count();
        int s = spec.size();
        float[] w = toFloat(globalParameters);
        float[] w0 = w.clone();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) seed);
        try (NDManager root = NDManager.newBaseManager(device.device(), "PyTorch")) {
            for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
                shuffle(order, rng);
                for (int from = 0; from < n; from += config.batchSize()) {
                    if (control.stopRequested()) {
                        throw new TrainingCancelledException("in epoch " + (epoch + 1) + " of " + config.localEpochs()
                                + ", before batch " + (from / config.batchSize() + 1) + " of " + batches);
                    }
                    int to = Math.min(n, from + config.batchSize());
                    int b = to - from;
                    float[] x = new float[b * s * s];
                    float[] y = new float[segmentation ? b * s * s : b];
                    float[] img = new float[s * s];
                    float[] msk = new float[s * s];
                    for (int i = 0; i < b; i++) {
                        int idx = order[from + i];
                        AUGMENT.apply(local.pixels()[idx], segmentation ? local.masks()[idx] : null, s, rng, img, msk);
                        System.arraycopy(img, 0, x, i * s * s, s * s);
                        if (segmentation) System.arraycopy(msk, 0, y, i * s * s, s * s);
                        else y[i] = local.labels()[idx];
                    }
                    float[] g = null;
                    for (int attempt = 1; g == null; attempt++) {
                        g = batchGradient(spec, w, x, y, b, segmentation, root, engine);
                        if (g == null) {
                            // PyTorch 2.7.1's AVX-512 CPU kernels now and then return NaN in a few channels of the
                            // U-Net's backward pass although inputs, logits and loss are finite, and recomputing the
                            // same batch gives a finite gradient and the identical loss: a native fault, not the data.
                            // bin/fedra and the tests select the AVX2 kernels (ATEN_CPU_CAPABILITY=avx2), which do not
                            // show it; this retry covers a node started without them.
                            if (attempt == MAX_ATTEMPTS) {
                                throw new IllegalStateException("local training produced a non-finite gradient in epoch " + (epoch + 1)
                                        + ", batch " + (from / config.batchSize() + 1) + ", " + MAX_ATTEMPTS + " times");
                            }
                            LOG.log(System.Logger.Level.WARNING, "non-finite gradient in epoch " + (epoch + 1) + ", batch "
                                    + (from / config.batchSize() + 1) + "; recomputing it (attempt " + (attempt + 1) + ")");
                        }
                    }
                    clip(g);
                    float lr = (float) config.learningRate();
                    float mu = (float) config.mu();
                    for (int k = 0; k < w.length; k++) {
                        w[k] -= lr * (g[k] + mu * (w[k] - w0[k]));
                        if (!Float.isFinite(w[k])) {
                            throw new IllegalStateException("local training diverged (parameter " + k + " is not finite) in epoch "
                                    + (epoch + 1) + ", batch " + (from / config.batchSize() + 1) + "; lower the learning rate (was "
                                    + config.learningRate() + ")");
                        }
                    }
                }
                control.epochDone(epoch + 1, config.localEpochs());
            }
        }
        double[] delta = new double[w.length];
        for (int k = 0; k < w.length; k++) delta[k] = (double) w[k] - (double) w0[k];
        return new LocalUpdate(delta, n);
    }

    /** Times a batch's gradient is computed before a non-finite one is taken as real. */
    static final int MAX_ATTEMPTS = 3;

    /**
     * The gradient of the batch loss at {@code w}, or null when any component is not finite. Fresh tensors every call,
     * so a recomputation shares no native memory with a failed one.
     */
    private static float[] batchGradient(ImageModelSpec spec, float[] w, float[] x, float[] y, int b, boolean segmentation,
            NDManager root, Engine engine) {
        int s = spec.size();
        float[] g;
        try (NDManager m = root.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            ImageNetwork net = new ImageNetwork(spec, w, m, true);
            NDArray logits = net.forward(ImageNetwork.owned(m, x, new Shape(b, 1, s, s)));
            NDArray target = ImageNetwork.owned(m, y, segmentation ? new Shape(b, 1, s, s) : new Shape(b));
            NDArray loss = Losses.bce(logits, target).mean();
            if (segmentation) loss = loss.add(Losses.softDice(logits, target));
            gc.backward(loss);
            g = net.gradient();
        }
        for (float v : g) if (!Float.isFinite(v)) return null;
        return g;
    }

    /** Largest gradient norm of a batch; steeper gradients are scaled down to it (keeps a U-Net from diverging). */
    static final double MAX_GRADIENT_NORM = 5;

    private static void clip(float[] g) {
        double n = 0;
        for (float v : g) n += (double) v * v;
        n = Math.sqrt(n);
        if (n > MAX_GRADIENT_NORM) {
            float f = (float) (MAX_GRADIENT_NORM / n);
            for (int k = 0; k < g.length; k++) g[k] *= f;
        }
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
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
