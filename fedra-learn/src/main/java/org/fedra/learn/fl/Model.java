package org.fedra.learn.fl;

/**
 * A tabular binary classifier with fixed parameters (see {@link ModelSpec} for the layout). Immutable.
 */
public final class Model {
    private final ModelSpec spec;
    private final double[] parameters;
    private final int[] widths;

    Model(ModelSpec spec, double[] parameters) {
        this.spec = spec;
        this.parameters = parameters;
        this.widths = spec.widths();
    }

    public ModelSpec spec() {
        return spec;
    }

    /** A copy of the flat parameter vector. */
    public double[] parameters() {
        return parameters.clone();
    }

    /** The predicted probability that the label is 1. */
    public double predict(double[] x) {
        return sigmoid(forward(x, null));
    }

    /** Mean binary cross-entropy (natural log) over the dataset; 0 for an empty dataset. */
    public double loss(Dataset data) {
        if (data.size() == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum += logLoss(forward(data.features()[i], null), data.labels()[i]);
        }
        return sum / data.size();
    }

    /** Cross-entropy of one example from its logit, computed without overflow. */
    static double logLoss(double logit, double label) {
        // log(1 + e^z) - y z, with log1p(e^-|z|) + max(z, 0) for stability
        return Math.log1p(Math.exp(-Math.abs(logit))) + Math.max(logit, 0) - label * logit;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** The output logit; fills {@code activations[l]} per layer when given (input at index 0). */
    private double forward(double[] x, double[][] activations) {
        double[] a = x;
        if (activations != null) {
            activations[0] = x;
        }
        int offset = 0;
        for (int l = 1; l < widths.length; l++) {
            int in = widths[l - 1];
            int out = widths[l];
            double[] z = new double[out];
            int bias = offset + out * in;
            for (int o = 0; o < out; o++) {
                double s = parameters[bias + o];
                int row = offset + o * in;
                for (int k = 0; k < in; k++) {
                    s += parameters[row + k] * a[k];
                }
                z[o] = l == widths.length - 1 ? s : Math.tanh(s);
            }
            offset = bias + out;
            a = z;
            if (activations != null) {
                activations[l] = z;
            }
        }
        return a[0];
    }

    /**
     * Adds the gradient of the summed cross-entropy over {@code rows} to {@code gradient} and returns the
     * summed loss (backpropagation).
     */
    double accumulateGradient(Dataset data, int[] rows, int from, int to, double[] gradient) {
        double[][] act = new double[widths.length][];
        double lossSum = 0;
        for (int r = from; r < to; r++) {
            int i = rows[r];
            double logit = forward(data.features()[i], act);
            double y = data.labels()[i];
            lossSum += logLoss(logit, y);
            double[] delta = {sigmoid(logit) - y}; // dLoss/dz at the output
            int offset = parameters.length;
            for (int l = widths.length - 1; l >= 1; l--) {
                int in = widths[l - 1];
                int out = widths[l];
                offset -= out * in + out;
                int bias = offset + out * in;
                double[] prev = act[l - 1];
                double[] back = l > 1 ? new double[in] : null;
                for (int o = 0; o < out; o++) {
                    gradient[bias + o] += delta[o];
                    int row = offset + o * in;
                    for (int k = 0; k < in; k++) {
                        gradient[row + k] += delta[o] * prev[k];
                        if (back != null) {
                            back[k] += delta[o] * parameters[row + k];
                        }
                    }
                }
                if (back != null) {
                    for (int k = 0; k < in; k++) {
                        back[k] *= 1 - prev[k] * prev[k]; // tanh'
                    }
                    delta = back;
                }
            }
        }
        return lossSum;
    }
}
