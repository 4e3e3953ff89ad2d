package org.fedra.protocol.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One per-patient value an analysis reads: an Observation by {@code system|code} (the patient's most recent one,
 * its quantity in {@code unit} when a unit is given), or a Patient attribute: {@code age} in whole years at the
 * task's start, {@code sex} as 1 for male and 0 for female.
 *
 * <p>JSON: {@code {"name":"chol","system":"http://loinc.org","code":"2093-3","unit":"mg/dL"}} or
 * {@code {"name":"sex","patient":"sex"}}.
 *
 * @param name   label in results and coefficient tables
 * @param source {@code observation}, {@code age} or {@code sex}
 * @param system code system (observation only)
 * @param code   code (observation only)
 * @param unit   required unit of a quantity, or null to accept a value without unit (integer or coded values)
 */
public record Variable(String name, String source, String system, String code, String unit) {
    public static final String OBSERVATION = "observation";
    public static final String AGE = "age";
    public static final String SEX = "sex";

    public Variable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** An observation variable. */
    public static Variable observation(String name, String system, String code, String unit) {
        return new Variable(name, OBSERVATION, system, code, unit);
    }

    /** A patient attribute, {@code age} or {@code sex}. */
    public static Variable patient(String attribute) {
        return new Variable(attribute, attribute, null, null, null);
    }

    public boolean isObservation() {
        return OBSERVATION.equals(source);
    }

    /** Parses and checks one variable; errors name {@code path}. */
    public static Variable parse(JsonNode n, String path) {
        if (n == null || !n.isObject()) {
            throw new AnalysisSpecException(path, "a variable must be an object with name and system/code, or name and patient");
        }
        String name = Json.text(n, "name", path, true);
        String patient = Json.text(n, "patient", path, false);
        if (patient != null) {
            if (!AGE.equals(patient) && !SEX.equals(patient)) {
                throw new AnalysisSpecException(path + ".patient", "must be \"age\" or \"sex\", was \"" + patient + "\"");
            }
            if (n.has("system") || n.has("code")) {
                throw new AnalysisSpecException(path, "give either patient or system/code, not both");
            }
            return new Variable(name, patient, null, null, null);
        }
        String system = Json.text(n, "system", path, true);
        String code = Json.text(n, "code", path, true);
        String unit = Json.text(n, "unit", path, false);
        return new Variable(name, OBSERVATION, system, code, unit);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("name", name);
        if (isObservation()) {
            o.put("system", system).put("code", code);
            if (unit != null) o.put("unit", unit);
        } else {
            o.put("patient", source);
        }
        return o;
    }
}
