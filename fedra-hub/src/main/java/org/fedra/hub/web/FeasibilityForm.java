package org.fedra.hub.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.query.CohortQuery;

/**
 * The feasibility query builder's form turned into Fedra's criteria language ({@link CohortQuery}): up to
 * {@link #ROWS} criteria, each a condition (code, optionally as a prefix, in a date window), an observation range
 * (with its unit, in a date window), an age range or a sex, each optionally negated ("not"), combined with "all of"
 * (and) or "any of" (or). Pure: form values in, the query JSON out, or the first error naming its field.
 */
public final class FeasibilityForm {
    public static final int ROWS = 4;
    public static final List<String> KINDS = List.of("", "condition", "observation", "age", "sex");

    /** A form value that is wrong: {@code field} is the form field's name, {@code message} says what and where. */
    public static final class FieldError extends IllegalArgumentException {
        private final String field;

        FieldError(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The request body of the feasibility analysis: {@code {"query": ..., "referenceDate": ...}}. */
    public record Built(ObjectNode query, LocalDate referenceDate) {
        public ObjectNode spec() {
            ObjectNode o = JsonCodec.object();
            o.set("query", query);
            o.put("referenceDate", referenceDate.toString());
            return o;
        }
    }

    private FeasibilityForm() {}

    /** Builds the query from the form's fields ({@code combine}, {@code referenceDate}, {@code c0.kind}, {@code c0.not}, ...). */
    public static Built build(Function<String, String> form, LocalDate today) {
        List<ObjectNode> parts = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String p = "c" + i + ".";
            String kind = value(form, p + "kind");
            if (kind == null) continue;
            String label = "criterion " + (i + 1);
            ObjectNode c = JsonCodec.object();
            switch (kind) {
                case "condition" -> {
                    ObjectNode v = c.putObject("condition");
                    v.put("system", required(form, p + "system", label + ", code system"));
                    v.put("code", required(form, p + "code", label + ", code"));
                    if (value(form, p + "prefix") != null) v.put("prefix", true);
                    window(form, p, label, v);
                }
                case "observation" -> {
                    ObjectNode v = c.putObject("observation");
                    v.put("system", required(form, p + "system", label + ", code system"));
                    v.put("code", required(form, p + "code", label + ", code"));
                    Double min = number(form, p + "min", label + ", minimum"), max = number(form, p + "max", label + ", maximum");
                    if (min != null) v.put("min", min);
                    if (max != null) v.put("max", max);
                    if (min != null && max != null && min > max) throw new FieldError(p + "max", label + ", maximum: must not be below the minimum " + min);
                    String unit = value(form, p + "unit");
                    if (unit != null) v.put("unit", unit);
                    window(form, p, label, v);
                }
                case "age" -> {
                    ObjectNode v = c.putObject("age");
                    Integer min = years(form, p + "min", label + ", minimum age"), max = years(form, p + "max", label + ", maximum age");
                    if (min == null && max == null) throw new FieldError(p + "min", label + ", minimum age: give a minimum or a maximum age");
                    if (min != null) v.put("min", min);
                    if (max != null) v.put("max", max);
                    if (min != null && max != null && min > max) throw new FieldError(p + "max", label + ", maximum age: must not be below the minimum " + min);
                }
                case "sex" -> {
                    String sex = required(form, p + "sex", label + ", sex");
                    if (!CohortQuery.SEXES.contains(sex)) throw new FieldError(p + "sex", label + ", sex: must be female, male or other, was '" + sex + "'");
                    c.put("sex", sex);
                }
                default -> throw new FieldError(p + "kind", label + ", kind: unknown kind '" + kind + "'");
            }
            if (value(form, p + "not") != null) {
                ObjectNode not = JsonCodec.object();
                not.set("not", c);
                c = not;
            }
            parts.add(c);
        }
        if (parts.isEmpty()) throw new FieldError("c0.kind", "criterion 1, kind: choose at least one criterion");
        ObjectNode query;
        if (parts.size() == 1) {
            query = parts.get(0);
        } else {
            String combine = value(form, "combine") == null ? "and" : value(form, "combine");
            if (!combine.equals("and") && !combine.equals("or")) throw new FieldError("combine", "combine: must be and (all of) or or (any of)");
            query = JsonCodec.object();
            ArrayNode a = query.putArray(combine);
            parts.forEach(a::add);
        }
        LocalDate ref = date(form, "referenceDate", "reference date");
        Built built = new Built(query, ref == null ? today : ref);
        // the hub's own check of the language, so that what the form sends is exactly what the API accepts
        CohortQuery.parse(query.toString(), built.referenceDate());
        return built;
    }

    /** The form's values as the builder shows them again after an error. */
    public static String get(Map<String, List<String>> form, String field) {
        List<String> v = form.get(field);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static void window(Function<String, String> form, String p, String label, ObjectNode v) {
        LocalDate from = date(form, p + "from", label + ", from"), to = date(form, p + "to", label + ", to");
        if (from != null) v.put("from", from.toString());
        if (to != null) v.put("to", to.toString());
        if (from != null && to != null && from.isAfter(to)) throw new FieldError(p + "to", label + ", to: must not be before from " + from);
    }

    private static String value(Function<String, String> form, String field) {
        String v = form.apply(field);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String required(Function<String, String> form, String field, String label) {
        String v = value(form, field);
        if (v == null) throw new FieldError(field, label + ": is required");
        return v;
    }

    private static Double number(Function<String, String> form, String field, String label) {
        String v = value(form, field);
        if (v == null) return null;
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new FieldError(field, label + ": must be a number, was '" + v + "'");
        }
    }

    private static Integer years(Function<String, String> form, String field, String label) {
        String v = value(form, field);
        if (v == null) return null;
        try {
            int y = Integer.parseInt(v);
            if (y < 0 || y > 150) throw new NumberFormatException();
            return y;
        } catch (NumberFormatException e) {
            throw new FieldError(field, label + ": must be whole years from 0 to 150, was '" + v + "'");
        }
    }

    private static LocalDate date(Function<String, String> form, String field, String label) {
        String v = value(form, field);
        if (v == null) return null;
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new FieldError(field, label + ": must be a date like 2024-12-31, was '" + v + "'");
        }
    }
}
