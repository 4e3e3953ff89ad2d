package org.fedra.imaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.ParameterLayout.TensorShape;

/**
 * The forward pass of an {@link ImageModelSpec} in DJL, written functionally over the model's named tensors (rather than
 * with DJL blocks) so that the federation's flat parameter vector maps one to one onto the tensors, in the layout's
 * order, with no hidden state.
 */
final class ImageNetwork {
    private final ImageModelSpec spec;
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();
    private final List<NDArray> ordered = new ArrayList<>();

    /**
     * @param parameters the flat vector, in layout order
     * @param trainable  whether gradients are wanted
     */
    ImageNetwork(ImageModelSpec spec, float[] parameters, NDManager manager, boolean trainable) {
        this.spec = spec;
        int offset = 0;
        for (TensorShape t : spec.layout().tensors()) {
            int n = (int) t.size();
            float[] v = new float[n];
            System.arraycopy(parameters, offset, v, 0, n);
            long[] shape = new long[t.shape().length];
            for (int i = 0; i < shape.length; i++) shape[i] = t.shape()[i];
            NDArray a = owned(manager, v, new Shape(shape));
            if (trainable) a.setRequiresGradient(true);
            tensors.put(t.name(), a);
            ordered.add(a);
            offset += n;
        }
    }

    /**
     * A tensor holding its own copy of {@code values}. PyTorch's tensor made by {@code NDManager.create} may share the
     * direct buffer DJL copied the Java array into, and that buffer can be collected while the tensor is still in use
     * (seen as NaN gradients and runs that differ); the duplicate owns native memory.
     */
    static NDArray owned(NDManager manager, float[] values, Shape shape) {
        java.nio.FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(values.length * 4).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        direct.put(values).flip();
        NDArray shared = manager.create(direct, shape);
        NDArray copy = shared.duplicate();
        shared.close();
        java.lang.ref.Reference.reachabilityFence(direct);
        return copy;
    }

    /** Logits: {@code [B]} for a classifier, {@code [B, 1, S, S]} for a segmenter, of inputs {@code [B, 1, S, S]}. */
    NDArray forward(NDArray x) {
        if (ImageModelSpec.CLASSIFIER.equals(spec.kind())) {
            NDArray h = x;
            for (int i = 1; i <= spec.channels().length; i++) {
                h = Pool.maxPool2d(conv(h, "conv" + i, 1).getNDArrayInternal().relu(), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            NDArray pooled = h.max(new int[] {3}).max(new int[] {2}); // [B, C]: global max pooling, a lesion anywhere counts
            return pooled.matMul(tensors.get("fc.weight").transpose()).add(tensors.get("fc.bias")).reshape(-1);
        }
        NDArray e1 = conv(conv(x, "enc1a", 1).getNDArrayInternal().relu(), "enc1b", 1).getNDArrayInternal().relu();
        NDArray p = Pool.maxPool2d(e1, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        NDArray e2 = conv(conv(p, "enc2a", 1).getNDArrayInternal().relu(), "enc2b", 1).getNDArrayInternal().relu();
        NDArray up = e2.repeat(2, 2).repeat(3, 2);
        NDArray d = conv(conv(up.concat(e1, 1), "dec1a", 1).getNDArrayInternal().relu(), "dec1b", 1).getNDArrayInternal().relu();
        return conv(d, "out", 0);
    }

    private NDArray conv(NDArray x, String name, int padding) {
        NDList out = Conv2d.conv2d(x, tensors.get(name + ".weight"), tensors.get(name + ".bias"), new Shape(1, 1),
                new Shape(padding, padding), new Shape(1, 1), 1);
        return out.singletonOrThrow();
    }

    /** The gradient of every tensor after a backward pass, flattened in layout order. */
    float[] gradient() {
        float[] g = new float[spec.parameterCount()];
        int offset = 0;
        for (NDArray a : ordered) {
            float[] v = a.getGradient().toFloatArray();
            System.arraycopy(v, 0, g, offset, v.length);
            offset += v.length;
        }
        return g;
    }
}
