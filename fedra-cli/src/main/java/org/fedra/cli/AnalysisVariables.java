package org.fedra.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The command-line form of an analysis variable: {@code NAME=SYSTEM|CODE} or {@code NAME=SYSTEM|CODE@UNIT} for an
 * Observation (the patient's most recent one), and {@code age} or {@code sex} for a Patient attribute.
 */
final class AnalysisVariables {
    private AnalysisVariables() {}

    /** The JSON the hub API takes; {@code option} names the command-line option in errors. */
    static ObjectNode parse(String text, String option) {
        String t = text.trim();
        if (t.equals("age") || t.equals("sex")) {
            return JsonNodeFactory.instance.objectNode().put("name", t).put("patient", t);
        }
        int eq = t.indexOf('=');
        int bar = t.indexOf('|');
        if (eq <= 0 || bar < eq + 2 || bar == t.length() - 1) {
            throw new IllegalArgumentException(option + " \"" + text + "\": expected NAME=SYSTEM|CODE[@UNIT] (e.g. chol=http://loinc.org|2093-3@mg/dL), age or sex");
        }
        String name = t.substring(0, eq);
        String system = t.substring(eq + 1, bar);
        String rest = t.substring(bar + 1);
        int at = rest.indexOf('@');
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("name", name).put("system", system)
                .put("code", at < 0 ? rest : rest.substring(0, at));
        if (at >= 0) {
            if (at == rest.length() - 1 || at == 0) {
                throw new IllegalArgumentException(option + " \"" + text + "\": the code and the unit after @ must not be empty");
            }
            o.put("unit", rest.substring(at + 1));
        }
        return o;
    }

    /** A comma-separated list of numbers, e.g. {@code 100,200,300}. */
    static ArrayNode numbers(String text, String option) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String part : text.split(",")) {
            try {
                a.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " \"" + text + "\": \"" + part.trim() + "\" is not a number");
            }
        }
        return a;
    }
}
