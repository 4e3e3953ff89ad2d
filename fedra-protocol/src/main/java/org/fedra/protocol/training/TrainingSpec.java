package org.fedra.protocol.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.Variable;

/**
 * What a federated training job learns, and on which rows: the model family (today {@code tabular}, the default), the
 * features (variables as in the analytics), the binary outcome (1 when the outcome value is above
 * {@code outcomeAbove}, else it must be 0 or 1), the model's hidden layers (none: logistic regression) and the share
 * of each node's patients held out for evaluation. Rows are complete cases; a patient is held out by a keyed hash of
 * the node's patient pseudonym and the job seed, so the split is the same in every round and on every run of the job.
 * The hub and the nodes read the model itself from {@link #architecture()} with the family's own codec.
 *
 * <p>JSON: {@code {"family":"tabular","features":[{...}],"outcome":{...},"outcomeAbove":0,"hidden":[],"testFraction":0.25}}.
 */
public record TrainingSpec(List<Variable> features, Variable outcome, Double outcomeAbove, int[] hidden, double testFraction,
                           String family) {
    /** Default share of patients held out for evaluation. */
    public static final double DEFAULT_TEST_FRACTION = 0.25;
    /** Bins of the evaluation score histograms (the library's default resolution). */
    public static final int EVALUATION_BINS = 1000;

    /** The model family when a spec names none. */
    public static final String DEFAULT_FAMILY = "tabular";

    public TrainingSpec {
        features = List.copyOf(features);
        hidden = hidden.clone();
        family = family == null ? DEFAULT_FAMILY : family;
    }

    /** A spec of the tabular family. */
    public TrainingSpec(List<Variable> features, Variable outcome, Double outcomeAbove, int[] hidden, double testFraction) {
        this(features, outcome, outcomeAbove, hidden, testFraction, DEFAULT_FAMILY);
    }

    /** Parses and checks a spec; errors name the JSON path under {@code path}. */
    public static TrainingSpec parse(JsonNode n, String path) {
        if (n == null || !n.isObject()) throw new AnalysisSpecException(path, "must be a JSON object");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("family", "features", "outcome", "outcomeAbove", "hidden", "testFraction").contains(f)) {
                throw new AnalysisSpecException(path + "." + f, "unknown field; known: family, features, hidden, outcome, outcomeAbove, testFraction");
            }
        }
        String family = DEFAULT_FAMILY;
        if (n.has("family")) {
            if (!n.get("family").isTextual() || !n.get("family").asText().matches("[a-z0-9-]{1,40}")) {
                throw new AnalysisSpecException(path + ".family", "must be a model family's name (1 to 40 of a-z, 0-9, '-')");
            }
            family = n.get("family").asText();
        }
        JsonNode fs = n.get("features");
        if (fs == null || !fs.isArray() || fs.isEmpty()) {
            throw new AnalysisSpecException(path + ".features", "must be a non-empty array of variables");
        }
        if (fs.size() > 50) throw new AnalysisSpecException(path + ".features", "at most 50 features");
        Variable outcome = Variable.parse(n.get("outcome"), path + ".outcome");
        Set<String> names = new HashSet<>();
        names.add(outcome.name());
        List<Variable> features = new ArrayList<>();
        for (int i = 0; i < fs.size(); i++) {
            Variable v = Variable.parse(fs.get(i), path + ".features[" + i + "]");
            if (!names.add(v.name())) {
                throw new AnalysisSpecException(path + ".features[" + i + "].name", "\"" + v.name() + "\" is used twice");
            }
            features.add(v);
        }
        Double above = null;
        if (n.hasNonNull("outcomeAbove")) {
            if (!n.get("outcomeAbove").isNumber()) throw new AnalysisSpecException(path + ".outcomeAbove", "must be a number");
            above = n.get("outcomeAbove").asDouble();
        }
        int[] hidden = new int[0];
        if (n.hasNonNull("hidden")) {
            JsonNode h = n.get("hidden");
            if (!h.isArray() || h.size() > 4) throw new AnalysisSpecException(path + ".hidden", "must be an array of at most 4 layer sizes");
            hidden = new int[h.size()];
            for (int i = 0; i < hidden.length; i++) {
                if (!h.get(i).isIntegralNumber() || h.get(i).asInt() < 1 || h.get(i).asInt() > 256) {
                    throw new AnalysisSpecException(path + ".hidden[" + i + "]", "must be a whole number from 1 to 256");
                }
                hidden[i] = h.get(i).asInt();
            }
        }
        double test = DEFAULT_TEST_FRACTION;
        if (n.hasNonNull("testFraction")) {
            JsonNode t = n.get("testFraction");
            if (!t.isNumber() || !(t.asDouble() > 0 && t.asDouble() < 1)) {
                throw new AnalysisSpecException(path + ".testFraction", "must be a number strictly between 0 and 1");
            }
            test = t.asDouble();
        }
        return new TrainingSpec(features, outcome, above, hidden, test, family);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("family", family);
        ArrayNode a = o.putArray("features");
        features.forEach(f -> a.add(f.toJson()));
        o.set("outcome", outcome.toJson());
        if (outcomeAbove != null) o.put("outcomeAbove", outcomeAbove);
        ArrayNode h = o.putArray("hidden");
        for (int s : hidden) h.add(s);
        o.put("testFraction", testFraction);
        return o;
    }

    /**
     * The model as its family's codec reads it ({@code org.fedra.learn.fl.ModelFamilies#read}), at the JSON path of
     * this spec: {@code {"family": ..., "inputs": <number of features>, "hidden": [...]}}.
     */
    public Map<String, Object> architecture() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family);
        m.put("inputs", features.size());
        m.put("hidden", Arrays.stream(hidden).boxed().toList());
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingSpec s && s.features.equals(features) && s.outcome.equals(outcome)
                && java.util.Objects.equals(s.outcomeAbove, outcomeAbove) && Arrays.equals(s.hidden, hidden)
                && s.testFraction == testFraction && s.family.equals(family);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(features, outcome, family) * 31 + Arrays.hashCode(hidden);
    }

    /** The variables a node reads: features in order, then the outcome. */
    public List<Variable> variables() {
        List<Variable> vars = new ArrayList<>(features);
        vars.add(outcome);
        return vars;
    }
}
