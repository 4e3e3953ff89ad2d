package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A second model family, written outside the library the way an image family will be: least-squares linear regression
 * on a continuous outcome, with its own architecture, local data type, trainer, evaluator and metric layout. Found
 * through {@code META-INF/services/org.fedra.learn.fl.ModelFamily} in the test resources.
 *
 * <p>JSON: {@code {"family": "toy-linear", "inputs": 2}}.
 */
public final class LinearRegressionFamily implements ModelFamily<LinearRegressionFamily.Linear, LinearRegressionFamily.Points> {
    static final String NAME = "toy-linear";

    /** Examples with a continuous outcome. */
    record Points(double[][] x, double[] y) {
        static Points concat(List<Points> parts) {
            List<double[]> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Points p : parts) {
                x.addAll(List.of(p.x));
                for (double v : p.y) {
                    y.add(v);
                }
            }
            return new Points(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** {@code y = weight . x + bias}; parameters {@code [weight..., bias]}. */
    record Linear(int inputs) implements ModelArchitecture {
        @Override
        public String family() {
            return NAME;
        }

        @Override
        public ParameterLayout layout() {
            return new ParameterLayout(List.of(new ParameterLayout.TensorShape("weight", new int[] {1, inputs}),
                    new ParameterLayout.TensorShape("bias", new int[] {1})));
        }

        @Override
        public double[] initialParameters(long seed) {
            return new double[inputs + 1];
        }

        @Override
        public MetricLayout metricLayout() {
            return new MetricLayout() {
                @Override
                public List<Segment> segments() {
                    return List.of(new Segment("squaredErrorSum", 1), new Segment("n", 1), new Segment("outcomeSum", 1),
                            new Segment("outcomeSquaredSum", 1));
                }

                @Override
                public PooledMetrics summarise(double[] s) {
                    double n = s[1];
                    double totalVariance = s[3] - s[2] * s[2] / n;
                    return new PooledMetrics(n, Map.of("rmse", Math.sqrt(s[0] / n), "r2", 1 - s[0] / totalVariance));
                }
            };
        }

        @Override
        public int standardisedInputs() {
            return 0;
        }

        double predict(double[] parameters, double[] x) {
            double s = parameters[inputs];
            for (int j = 0; j < inputs; j++) {
                s += parameters[j] * x[j];
            }
            return s;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<Linear> architectureType() {
        return Linear.class;
    }

    @Override
    public Class<Points> dataType() {
        return Points.class;
    }

    @Override
    public Linear readArchitecture(Map<String, ?> json, String path) {
        Object inputs = json.get("inputs");
        for (String key : json.keySet()) {
            if (!Set.of("family", "inputs").contains(key)) {
                throw new ModelSpecException(path + "." + key, "unknown field; known: family, inputs");
            }
        }
        if (!(inputs instanceof Integer i) || i < 1 || i > 10) {
            throw new ModelSpecException(path + ".inputs", "must be a whole number from 1 to 10, was " + inputs);
        }
        return new Linear(i);
    }

    @Override
    public Map<String, Object> writeArchitecture(Linear architecture) {
        return Map.of("inputs", architecture.inputs());
    }

    /** Mini-batch SGD on the mean squared error, polling the control before every batch. */
    @Override
    public Trainer<Linear, Points> trainer() {
        return (spec, global, local, config, seed, control) -> {
            double[] w = global.clone();
            int n = local.y().length;
            SplittableRandom rng = new SplittableRandom(seed);
            for (int epoch = 0; epoch < config.localEpochs(); epoch++) {
                int[] order = rng.ints(0, Math.max(n, 1)).limit(n).toArray();
                for (int from = 0; from < n; from += config.batchSize()) {
                    if (control.stopRequested()) {
                        throw new TrainingCancelledException("in epoch " + (epoch + 1));
                    }
                    int to = Math.min(n, from + config.batchSize());
                    double[] g = new double[w.length];
                    for (int r = from; r < to; r++) {
                        int i = order[r];
                        double err = spec.predict(w, local.x()[i]) - local.y()[i];
                        for (int j = 0; j < spec.inputs(); j++) {
                            g[j] += 2 * err * local.x()[i][j];
                        }
                        g[spec.inputs()] += 2 * err;
                    }
                    for (int k = 0; k < w.length; k++) {
                        w[k] -= config.learningRate() * g[k] / (to - from);
                    }
                }
            }
            double[] delta = new double[w.length];
            for (int k = 0; k < w.length; k++) {
                delta[k] = w[k] - global[k];
            }
            return new LocalUpdate(delta, n);
        };
    }

    @Override
    public Evaluator<Linear, Points> evaluator() {
        return (spec, parameters, data) -> {
            double[] v = new double[4];
            for (int i = 0; i < data.y().length; i++) {
                double err = spec.predict(parameters, data.x()[i]) - data.y()[i];
                v[0] += err * err;
                v[1]++;
                v[2] += data.y()[i];
                v[3] += data.y()[i] * data.y()[i];
            }
            return v;
        };
    }

    @Override
    public int size(Points data) {
        return data.y().length;
    }

    @Override
    public double[] standardisationSummands(Linear spec, Points data) {
        return new double[] {data.y().length};
    }

    @Override
    public Points standardise(Linear spec, Standardisation standardisation, Points data) {
        return data;
    }
}
