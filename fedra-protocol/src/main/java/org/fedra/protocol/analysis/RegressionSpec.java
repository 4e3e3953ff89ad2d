package org.fedra.protocol.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A regression request: family, outcome and predictors. Rows are complete cases: a patient missing any predictor
 * or the outcome is left out, the same way on every node. A logistic outcome is 1 when the outcome value is
 * greater than {@code outcomeAbove} (e.g. 0 for "num &gt; 0"), else 0; without {@code outcomeAbove} it must be 0 or 1.
 *
 * <p>JSON: {@code {"family":"logistic","outcome":{...},"outcomeAbove":0,"predictors":[{...},...],"maxIterations":25}}.
 */
public record RegressionSpec(String family, Variable outcome, Double outcomeAbove, List<Variable> predictors, int maxIterations) {
    public static final String LOGISTIC = "logistic";
    public static final String LINEAR = "linear";

    public RegressionSpec {
        predictors = List.copyOf(predictors);
    }

    public boolean logistic() {
        return LOGISTIC.equals(family);
    }

    /** Parses and checks a request; errors name the JSON path. */
    public static RegressionSpec parse(JsonNode n) {
        if (n == null || !n.isObject()) throw new AnalysisSpecException("$", "the regression request must be a JSON object");
        String family = Json.text(n, "family", "$", true);
        if (!LOGISTIC.equals(family) && !LINEAR.equals(family)) {
            throw new AnalysisSpecException("$.family", "must be \"logistic\" or \"linear\", was \"" + family + "\"");
        }
        Variable outcome = Variable.parse(n.get("outcome"), "$.outcome");
        Double above = null;
        if (n.hasNonNull("outcomeAbove")) {
            if (!n.get("outcomeAbove").isNumber()) throw new AnalysisSpecException("$.outcomeAbove", "must be a number");
            if (!LOGISTIC.equals(family)) throw new AnalysisSpecException("$.outcomeAbove", "applies to logistic regression only");
            above = n.get("outcomeAbove").asDouble();
        }
        JsonNode ps = n.get("predictors");
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            throw new AnalysisSpecException("$.predictors", "must be a non-empty array of variables");
        }
        if (ps.size() > 50) throw new AnalysisSpecException("$.predictors", "at most 50 predictors");
        List<Variable> predictors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        names.add(outcome.name());
        for (int i = 0; i < ps.size(); i++) {
            Variable v = Variable.parse(ps.get(i), "$.predictors[" + i + "]");
            if (!names.add(v.name())) {
                throw new AnalysisSpecException("$.predictors[" + i + "].name", "\"" + v.name() + "\" is used twice");
            }
            predictors.add(v);
        }
        int maxIterations = 25;
        if (n.has("maxIterations")) {
            JsonNode m = n.get("maxIterations");
            if (!m.canConvertToInt() || !m.isIntegralNumber() || m.asInt() < 1 || m.asInt() > 100) {
                throw new AnalysisSpecException("$.maxIterations", "must be a whole number from 1 to 100");
            }
            maxIterations = m.asInt();
        }
        return new RegressionSpec(family, outcome, above, predictors, maxIterations);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("family", family);
        o.set("outcome", outcome.toJson());
        if (outcomeAbove != null) o.put("outcomeAbove", outcomeAbove);
        ArrayNode a = o.putArray("predictors");
        predictors.forEach(p -> a.add(p.toJson()));
        o.put("maxIterations", maxIterations);
        return o;
    }
}
