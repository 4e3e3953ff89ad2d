package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The architecture of a tabular binary classifier ({@link TabularFamily}), known to hub and nodes alike.
 * {@code hidden} empty is logistic regression; otherwise a multilayer perceptron with tanh hidden layers of the given
 * sizes and a sigmoid output. Parameters are one flat vector: per layer the weight matrix (row-major, one row per
 * output unit) then the biases, the tensors {@code layer1.weight [h1, features]}, {@code layer1.bias [h1]}, ...,
 * {@code layerN.weight [1, hN-1]}, {@code layerN.bias [1]}.
 *
 * @param features number of input features
 * @param hidden hidden layer sizes, empty for logistic regression
 */
public record ModelSpec(int features, int[] hidden) implements ModelArchitecture {
    public ModelSpec {
        if (features < 1) {
            throw new IllegalArgumentException("model features must be >= 1, was " + features);
        }
        hidden = hidden == null ? new int[0] : hidden.clone();
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) {
                throw new IllegalArgumentException("model hidden[" + i + "] must be >= 1, was " + hidden[i]);
            }
        }
    }

    /** Logistic regression on {@code features} inputs. */
    public static ModelSpec logistic(int features) {
        return new ModelSpec(features, new int[0]);
    }

    /** A multilayer perceptron with tanh hidden layers of the given sizes. */
    public static ModelSpec mlp(int features, int... hidden) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer");
        }
        return new ModelSpec(features, hidden);
    }

    @Override
    public String family() {
        return TabularFamily.NAME;
    }

    @Override
    public ParameterLayout layout() {
        int[] w = widths();
        List<ParameterLayout.TensorShape> tensors = new ArrayList<>();
        for (int l = 1; l < w.length; l++) {
            tensors.add(new ParameterLayout.TensorShape("layer" + l + ".weight", new int[] {w[l], w[l - 1]}));
            tensors.add(new ParameterLayout.TensorShape("layer" + l + ".bias", new int[] {w[l]}));
        }
        return new ParameterLayout(tensors);
    }

    /** Loss, accuracy and AUC from score histograms of {@link EvaluationSums#DEFAULT_BINS} bins. */
    @Override
    public BinaryClassifierMetrics metricLayout() {
        return new BinaryClassifierMetrics(EvaluationSums.DEFAULT_BINS);
    }

    /** Every feature is standardised. */
    @Override
    public int standardisedInputs() {
        return features;
    }

    /** "logistic" or "mlp". */
    public String kind() {
        return hidden.length == 0 ? "logistic" : "mlp";
    }

    /** Layer widths from input to output, e.g. {@code [d, 16, 1]}. */
    int[] widths() {
        int[] w = new int[hidden.length + 2];
        w[0] = features;
        System.arraycopy(hidden, 0, w, 1, hidden.length);
        w[w.length - 1] = 1;
        return w;
    }

    /** Length of the flat parameter vector. */
    @Override
    public int parameterCount() {
        int[] w = widths();
        int count = 0;
        for (int l = 1; l < w.length; l++) {
            count += w[l] * w[l - 1] + w[l];
        }
        return count;
    }

    /**
     * Initial parameters, the same for the same seed: zeros for logistic regression (its loss is convex),
     * Glorot-uniform weights and zero biases for an MLP.
     */
    @Override
    public double[] initialParameters(long seed) {
        double[] p = new double[parameterCount()];
        if (hidden.length == 0) {
            return p;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] w = widths();
        int offset = 0;
        for (int l = 1; l < w.length; l++) {
            double limit = Math.sqrt(6.0 / (w[l] + w[l - 1]));
            for (int k = 0; k < w[l] * w[l - 1]; k++) {
                p[offset + k] = (rng.nextDouble() * 2 - 1) * limit;
            }
            offset += w[l] * w[l - 1] + w[l];
        }
        return p;
    }

    /** The model with these parameters. */
    public Model model(double[] parameters) {
        if (parameters.length != parameterCount()) {
            throw new IllegalArgumentException("model " + this + " has " + parameterCount()
                    + " parameters, was given " + parameters.length);
        }
        return new Model(this, parameters.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && m.features == features && Arrays.equals(m.hidden, hidden);
    }

    @Override
    public int hashCode() {
        return 31 * features + Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return kind() + "(features=" + features + (hidden.length == 0 ? "" : ", hidden=" + Arrays.toString(hidden)) + ")";
    }
}
