package org.fedra.imaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedra.learn.fl.BinaryClassifierMetrics;
import org.fedra.learn.fl.EvaluationSums;
import org.fedra.learn.fl.MetricLayout;
import org.fedra.learn.fl.ModelArchitecture;
import org.fedra.learn.fl.ParameterLayout;
import org.fedra.learn.fl.ParameterLayout.TensorShape;

/**
 * An image model as hub and nodes agree on it: its kind, the square input size its preprocessing resamples every
 * image to, and the channel widths of its 3x3 convolutions. To the federation it is a flat vector of floats whose
 * tensors {@link #layout()} names.
 *
 * <ul>
 *   <li>{@code image-classifier}: per width a 3x3 convolution (padding 1), ReLU and 2x2 max-pooling, then global
 *       average pooling and one logit ({@code fc.weight [1, last]}, {@code fc.bias [1]}).</li>
 *   <li>{@code segmentation}: a two-level 2D U-Net applied slice by slice: encoder blocks of two 3x3 convolutions of
 *       widths {@code channels[0]} and {@code channels[1]}, 2x2 max-pooling between them, nearest-neighbour upsampling,
 *       a skip connection, a decoder block of two convolutions of width {@code channels[0]}, and a 1x1 convolution to
 *       one logit per pixel.</li>
 * </ul>
 *
 * @param kind     {@link #CLASSIFIER} or {@link #SEGMENTATION}
 * @param size     input rows and columns (images of other sizes are resampled)
 * @param channels convolution widths
 * @param device   {@code cpu} or {@code gpu} (a node without a GPU trains on its CPU and says so)
 */
public record ImageModelSpec(String kind, int size, int[] channels, String device) implements ModelArchitecture {
    public static final String CLASSIFIER = "image-classifier";
    public static final String SEGMENTATION = "segmentation";

    public ImageModelSpec {
        if (!CLASSIFIER.equals(kind) && !SEGMENTATION.equals(kind)) {
            throw new IllegalArgumentException("image model kind must be " + CLASSIFIER + " or " + SEGMENTATION + ", was " + kind);
        }
        channels = channels.clone();
        if (SEGMENTATION.equals(kind) && channels.length != 2) {
            throw new IllegalArgumentException("a segmentation U-Net has exactly 2 channel widths, was " + Arrays.toString(channels));
        }
        if (channels.length < 1) throw new IllegalArgumentException("an image model needs at least one convolution width");
        int divisor = SEGMENTATION.equals(kind) ? 2 : 1 << channels.length;
        if (size % divisor != 0) throw new IllegalArgumentException("size " + size + " must be a multiple of " + divisor);
        device = device == null ? "cpu" : device;
        if (!device.equals("cpu") && !device.equals("gpu")) throw new IllegalArgumentException("device must be cpu or gpu, was " + device);
    }

    @Override
    public String family() {
        return kind;
    }

    @Override
    public ParameterLayout layout() {
        List<TensorShape> t = new ArrayList<>();
        if (CLASSIFIER.equals(kind)) {
            int in = 1;
            for (int i = 0; i < channels.length; i++) {
                conv(t, "conv" + (i + 1), channels[i], in, 3);
                in = channels[i];
            }
            t.add(new TensorShape("fc.weight", new int[] {1, in}));
            t.add(new TensorShape("fc.bias", new int[] {1}));
        } else {
            int c1 = channels[0];
            int c2 = channels[1];
            conv(t, "enc1a", c1, 1, 3);
            conv(t, "enc1b", c1, c1, 3);
            conv(t, "enc2a", c2, c1, 3);
            conv(t, "enc2b", c2, c2, 3);
            conv(t, "dec1a", c1, c1 + c2, 3);
            conv(t, "dec1b", c1, c1, 3);
            conv(t, "out", 1, c1, 1);
        }
        return new ParameterLayout(t);
    }

    private static void conv(List<TensorShape> t, String name, int out, int in, int k) {
        t.add(new TensorShape(name + ".weight", new int[] {out, in, k, k}));
        t.add(new TensorShape(name + ".bias", new int[] {out}));
    }

    /** He-uniform weights (ReLU networks) and zero biases, the same for the same seed. */
    @Override
    public double[] initialParameters(long seed) {
        double[] p = new double[parameterCount()];
        SplittableRandom rng = new SplittableRandom(seed);
        int offset = 0;
        for (TensorShape s : layout().tensors()) {
            int n = (int) s.size();
            if (s.shape().length > 1) {
                int fanIn = n / s.shape()[0];
                double limit = Math.sqrt(6.0 / fanIn);
                for (int k = 0; k < n; k++) p[offset + k] = (rng.nextDouble() * 2 - 1) * limit;
            }
            offset += n;
        }
        return p;
    }

    /** Classifier: loss, accuracy, AUC from score histograms; segmentation: {@link SegmentationMetrics}. */
    @Override
    public MetricLayout metricLayout() {
        return CLASSIFIER.equals(kind) ? new BinaryClassifierMetrics(EvaluationSums.DEFAULT_BINS) : new SegmentationMetrics();
    }

    /** Intensities are normalised per image by the preprocessing, not by pooled statistics. */
    @Override
    public int standardisedInputs() {
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageModelSpec s && s.kind.equals(kind) && s.size == size && Arrays.equals(s.channels, channels)
                && s.device.equals(device);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + size) * 31 + Arrays.hashCode(channels);
    }

    @Override
    public String toString() {
        return kind + "(size=" + size + ", channels=" + Arrays.toString(channels) + ", device=" + device + ")";
    }
}
