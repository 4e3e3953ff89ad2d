package org.fedra.protocol.query;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated cohort query: a criteria tree in Fedra's small JSON language and the reference date ages are
 * computed at. The language:
 * <pre>
 * {"and": [c, ...]}   {"or": [c, ...]}   {"not": c}
 * {"condition":   {"system": s, "code": c, "prefix": false, "from": "2020-01-01", "to": "2024-12-31"}}
 * {"observation": {"system": s, "code": c, "min": 6.5, "max": 20, "unit": "%", "from": ..., "to": ...}}
 * {"age": {"min": 40, "max": 80}}
 * {"sex": "female"}
 * </pre>
 * Everything is checked before a query runs anywhere; a problem raises a {@link CohortQueryException} naming
 * the part by JSON path.
 */
public record CohortQuery(Criterion criteria, LocalDate referenceDate) {
    /** Code systems a query may name: the standard terminologies and the local systems of the node's CSV mappings. */
    public static final Set<String> ACCEPTED_SYSTEMS = Set.of(
            "http://hl7.org/fhir/sid/icd-10",
            "http://loinc.org",
            "http://snomed.info/sct",
            "urn:fedra:codesystem:uci-heart-disease");
    /** FHIR administrative-gender codes a sex criterion may name. */
    public static final Set<String> SEXES = Set.of("female", "male", "other");

    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final Set<String> CONDITION_KEYS = Set.of("system", "code", "prefix", "from", "to");
    private static final Set<String> OBSERVATION_KEYS = Set.of("system", "code", "min", "max", "unit", "from", "to");
    private static final Set<String> AGE_KEYS = Set.of("min", "max");

    public CohortQuery {
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(referenceDate, "referenceDate");
    }

    /**
     * Parses and validates a query.
     *
     * @param json          the criteria tree (its root is path {@code $})
     * @param referenceDate the date at which ages are computed
     * @throws CohortQueryException naming the first offending part
     */
    public static CohortQuery parse(String json, LocalDate referenceDate) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CohortQueryException("$", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || root.isMissingNode()) {
            throw new CohortQueryException("$", "empty query");
        }
        return new CohortQuery(criterion(root, "$"), referenceDate);
    }

    private static Criterion criterion(JsonNode n, String path) {
        if (!n.isObject()) {
            throw new CohortQueryException(path, "must be an object with exactly one of and, or, not, condition, observation, age, sex");
        }
        if (n.size() != 1) {
            throw new CohortQueryException(path, "must have exactly one key (and, or, not, condition, observation, age, sex), has " + n.size());
        }
        Map.Entry<String, JsonNode> e = n.fields().next();
        String key = e.getKey();
        JsonNode v = e.getValue();
        String p = path + "." + key;
        return switch (key) {
            case "and" -> new Criterion.And(parts(v, p));
            case "or" -> new Criterion.Or(parts(v, p));
            case "not" -> new Criterion.Not(criterion(v, p));
            case "condition" -> condition(v, p);
            case "observation" -> observation(v, p);
            case "age" -> age(v, p);
            case "sex" -> sex(v, p);
            default -> throw new CohortQueryException(p, "unknown criterion (expected and, or, not, condition, observation, age, sex)");
        };
    }

    private static List<Criterion> parts(JsonNode v, String path) {
        if (!v.isArray()) throw new CohortQueryException(path, "must be an array of criteria");
        if (v.isEmpty()) throw new CohortQueryException(path, "must not be empty");
        List<Criterion> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(criterion(v.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    private static Criterion condition(JsonNode v, String path) {
        object(v, path, CONDITION_KEYS);
        String system = system(v, path);
        String code = requiredText(v, "code", path);
        boolean prefix = false;
        if (v.has("prefix")) {
            if (!v.get("prefix").isBoolean()) throw new CohortQueryException(path + ".prefix", "must be true or false");
            prefix = v.get("prefix").booleanValue();
        }
        LocalDate from = date(v, "from", path), to = date(v, "to", path);
        window(from, to, path);
        return new Criterion.HasCondition(system, code, prefix, from, to);
    }

    private static Criterion observation(JsonNode v, String path) {
        object(v, path, OBSERVATION_KEYS);
        String system = system(v, path);
        String code = requiredText(v, "code", path);
        Double min = number(v, "min", path), max = number(v, "max", path);
        if (min != null && max != null && min > max) {
            throw new CohortQueryException(path, "impossible range: min " + min + " > max " + max);
        }
        String unit = v.has("unit") ? requiredText(v, "unit", path) : null;
        if ((min != null || max != null) && unit == null) {
            throw new CohortQueryException(path + ".unit", "required when min or max is given");
        }
        if (unit != null && min == null && max == null) {
            throw new CohortQueryException(path + ".unit", "only meaningful with min or max");
        }
        LocalDate from = date(v, "from", path), to = date(v, "to", path);
        window(from, to, path);
        return new Criterion.HasObservation(system, code, min, max, unit, from, to);
    }

    private static Criterion age(JsonNode v, String path) {
        object(v, path, AGE_KEYS);
        if (v.isEmpty()) throw new CohortQueryException(path, "needs min or max");
        Integer min = years(v, "min", path), max = years(v, "max", path);
        if (min != null && max != null && min > max) {
            throw new CohortQueryException(path, "impossible range: min " + min + " > max " + max);
        }
        return new Criterion.Age(min, max);
    }

    private static Criterion sex(JsonNode v, String path) {
        if (!v.isTextual()) throw new CohortQueryException(path, "must be a string, one of " + new java.util.TreeSet<>(SEXES));
        if (!SEXES.contains(v.textValue())) {
            throw new CohortQueryException(path, "unknown sex '" + v.textValue() + "', expected one of " + new java.util.TreeSet<>(SEXES));
        }
        return new Criterion.Sex(v.textValue());
    }

    private static void object(JsonNode v, String path, Set<String> allowed) {
        if (!v.isObject()) throw new CohortQueryException(path, "must be an object");
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new CohortQueryException(path + "." + k, "unknown key (allowed: " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static String system(JsonNode v, String path) {
        String s = requiredText(v, "system", path);
        if (!ACCEPTED_SYSTEMS.contains(s)) {
            throw new CohortQueryException(path + ".system", "unknown code system '" + s + "' (accepted: " + new java.util.TreeSet<>(ACCEPTED_SYSTEMS) + ")");
        }
        return s;
    }

    private static String requiredText(JsonNode v, String key, String path) {
        JsonNode x = v.get(key);
        if (x == null) throw new CohortQueryException(path + "." + key, "is required");
        if (!x.isTextual() || x.textValue().isBlank()) throw new CohortQueryException(path + "." + key, "must be a non-empty string");
        return x.textValue();
    }

    private static Double number(JsonNode v, String key, String path) {
        JsonNode x = v.get(key);
        if (x == null) return null;
        if (!x.isNumber()) throw new CohortQueryException(path + "." + key, "must be a number");
        double d = x.doubleValue();
        if (!Double.isFinite(d)) throw new CohortQueryException(path + "." + key, "must be finite");
        return d;
    }

    private static Integer years(JsonNode v, String key, String path) {
        JsonNode x = v.get(key);
        if (x == null) return null;
        if (!x.isIntegralNumber() || !x.canConvertToInt()) throw new CohortQueryException(path + "." + key, "must be a whole number of years");
        if (x.intValue() < 0) throw new CohortQueryException(path + "." + key, "an age cannot be negative, was " + x.intValue());
        return x.intValue();
    }

    private static LocalDate date(JsonNode v, String key, String path) {
        JsonNode x = v.get(key);
        if (x == null) return null;
        if (!x.isTextual()) throw new CohortQueryException(path + "." + key, "must be a date string YYYY-MM-DD");
        try {
            return LocalDate.parse(x.textValue());
        } catch (DateTimeParseException e) {
            throw new CohortQueryException(path + "." + key, "not a date YYYY-MM-DD: '" + x.textValue() + "'");
        }
    }

    private static void window(LocalDate from, LocalDate to, String path) {
        if (from != null && to != null && from.isAfter(to)) {
            throw new CohortQueryException(path, "impossible date window: from " + from + " is after to " + to);
        }
    }
}
