package org.fedra.learn.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tabular family: binary classifiers on rows of numeric features, logistic regression ({@code hidden} empty) or a
 * multilayer perceptron with tanh hidden layers ({@link ModelSpec}), trained by mini-batch SGD ({@link TabularTrainer})
 * and evaluated by summed loss, confusion counts and score histograms ({@link BinaryClassifierMetrics}). Features are
 * standardised with the pooled means and standard deviations of every node's training rows.
 *
 * <p>JSON: {@code {"inputs": 7, "hidden": [16, 8]}}.
 */
public final class TabularFamily implements ModelFamily<ModelSpec, Dataset> {
    /** The family's name. */
    public static final String NAME = "tabular";
    /** Most input features. */
    public static final int MAX_INPUTS = 1000;
    /** Most hidden layers. */
    public static final int MAX_HIDDEN_LAYERS = 4;
    /** Widest hidden layer. */
    public static final int MAX_LAYER_WIDTH = 256;

    private static final Set<String> FIELDS = Set.of("family", "inputs", "hidden");
    private static final TabularTrainer TRAINER = new TabularTrainer();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ModelSpec> architectureType() {
        return ModelSpec.class;
    }

    @Override
    public Class<Dataset> dataType() {
        return Dataset.class;
    }

    @Override
    public ModelSpec readArchitecture(Map<String, ?> json, String path) {
        JsonFields f = new JsonFields(json, FIELDS, path + ".", ModelSpecException::new);
        if (f.raw("inputs") == null) {
            throw f.error("inputs", "is required");
        }
        int inputs = f.integer("inputs", 0);
        if (inputs < 1 || inputs > MAX_INPUTS) {
            throw f.error("inputs", "must be from 1 to " + MAX_INPUTS + ", was " + inputs);
        }
        int[] hidden = f.integers("hidden", new int[0]);
        if (hidden.length > MAX_HIDDEN_LAYERS) {
            throw f.error("hidden", "at most " + MAX_HIDDEN_LAYERS + " hidden layers, was " + hidden.length);
        }
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1 || hidden[i] > MAX_LAYER_WIDTH) {
                throw f.error("hidden[" + i + "]", "must be from 1 to " + MAX_LAYER_WIDTH + ", was " + hidden[i]);
            }
        }
        return new ModelSpec(inputs, hidden);
    }

    @Override
    public Map<String, Object> writeArchitecture(ModelSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", spec.features());
        m.put("hidden", java.util.Arrays.stream(spec.hidden()).boxed().toList());
        return m;
    }

    @Override
    public Trainer<ModelSpec, Dataset> trainer() {
        return TRAINER;
    }

    @Override
    public Evaluator<ModelSpec, Dataset> evaluator() {
        return (spec, parameters, data) -> EvaluationSums.of(spec.model(parameters), data,
                spec.metricLayout().bins()).toVector();
    }

    @Override
    public int size(Dataset data) {
        return data.size();
    }

    @Override
    public double[] standardisationSummands(ModelSpec spec, Dataset data) {
        return Standardisation.summands(data);
    }

    @Override
    public Dataset standardise(ModelSpec spec, Standardisation standardisation, Dataset data) {
        return standardisation.apply(data);
    }
}
