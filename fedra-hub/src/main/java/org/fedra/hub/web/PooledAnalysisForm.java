package org.fedra.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.web.Html;
import org.fedra.web.Sessions;

/**
 * The statistics and regression forms, turned into the requests {@code fedra study statistics} and {@code fedra study
 * regression} send ({@code {"variable", "edges", "by", "categories"}}, {@code {"family", "outcome", "outcomeAbove",
 * "predictors"}}), and their released result as tables. Variables are written as on the CLI.
 */
final class PooledAnalysisForm {
    private PooledAnalysisForm() {}

    static ObjectNode statistics(Function<String, String> form) {
        ObjectNode o = JsonCodec.object();
        String variable = value(form, "s.variable");
        if (variable == null) throw new FeasibilityForm.FieldError("s.variable", "variable: is required (NAME=SYSTEM|CODE[@UNIT], age or sex)");
        o.set("variable", TrainingForm.variable(variable, "s.variable", "variable"));
        o.set("edges", numbers(form, "s.edges", "edges"));
        String by = value(form, "s.by");
        if (by != null) {
            o.set("by", TrainingForm.variable(by, "s.by", "by"));
            ArrayNode categories = numbers(form, "s.categories", "categories");
            if (categories.isEmpty()) throw new FeasibilityForm.FieldError("s.categories", "categories: give the values of 'by' that make the table's columns");
            o.set("categories", categories);
        }
        return o;
    }

    static ObjectNode regression(Function<String, String> form) {
        ObjectNode o = JsonCodec.object();
        String family = Optional.ofNullable(value(form, "r.family")).orElse("logistic");
        if (!family.equals("logistic") && !family.equals("linear")) throw new FeasibilityForm.FieldError("r.family", "family: must be logistic or linear, was '" + family + "'");
        o.put("family", family);
        String outcome = value(form, "r.outcome");
        if (outcome == null) throw new FeasibilityForm.FieldError("r.outcome", "outcome: is required (NAME=SYSTEM|CODE[@UNIT])");
        o.set("outcome", TrainingForm.variable(outcome, "r.outcome", "outcome"));
        String above = value(form, "r.outcomeAbove");
        if (above != null) {
            try {
                o.put("outcomeAbove", Double.parseDouble(above));
            } catch (NumberFormatException e) {
                throw new FeasibilityForm.FieldError("r.outcomeAbove", "outcomeAbove: must be a number, was '" + above + "'");
            }
        }
        String predictors = value(form, "r.predictors");
        if (predictors == null) throw new FeasibilityForm.FieldError("r.predictors", "predictors: give at least one, one per line");
        ArrayNode p = o.putArray("predictors");
        int line = 0;
        for (String l : predictors.split("\\R")) {
            line++;
            if (!l.isBlank()) p.add(TrainingForm.variable(l.trim(), "r.predictors", "predictors, line " + line));
        }
        return o;
    }

    static void render(Context ctx, Sessions.Session s, StringBuilder m, String base, boolean statistics, boolean regression, String errorField, String error) {
        boolean again = ctx.method().name().equals("POST");
        Function<String, String> v = f -> again ? Optional.ofNullable(ctx.formParam(f)).orElse("") : "";
        if (statistics) {
            m.append("<section aria-labelledby=\"stats-h\"><h2 id=\"stats-h\">Statistics</h2><form method=\"post\" action=\"").append(base).append("/statistics\">")
                    .append(HubPage.csrfField(s));
            if ("statistics".equals(errorField)) m.append(HubPage.fieldError("statistics", error));
            ResearchWorkspace.input(m, "s.variable", "Variable (NAME=SYSTEM|CODE[@UNIT], age or sex)", v.apply("s.variable"), errorField, error);
            ResearchWorkspace.input(m, "s.edges", "Histogram edges (comma-separated, e.g. 100,200,300)", v.apply("s.edges"), errorField, error);
            ResearchWorkspace.input(m, "s.by", "By (a second, categorical variable; optional)", v.apply("s.by"), errorField, error);
            ResearchWorkspace.input(m, "s.categories", "Its categories (comma-separated, e.g. 0,1)", v.apply("s.categories"), errorField, error);
            m.append("<div><button type=\"submit\" id=\"run-statistics\">Describe</button></div></form></section>");
        }
        if (regression) {
            m.append("<section aria-labelledby=\"reg-h\"><h2 id=\"reg-h\">Regression</h2><form method=\"post\" action=\"").append(base).append("/regression\">")
                    .append(HubPage.csrfField(s));
            if ("regression".equals(errorField)) m.append(HubPage.fieldError("regression", error));
            ResearchWorkspace.select(m, "r.family", "Family", java.util.List.of("logistic", "linear"), java.util.List.of("logistic", "linear"), v.apply("r.family"),
                    errorField, error);
            ResearchWorkspace.input(m, "r.outcome", "Outcome (NAME=SYSTEM|CODE[@UNIT])", v.apply("r.outcome"), errorField, error);
            ResearchWorkspace.input(m, "r.outcomeAbove", "Logistic: the outcome counts as 1 above", v.apply("r.outcomeAbove"), errorField, error);
            String e = "r.predictors".equals(errorField) ? error : null;
            m.append("<label for=\"r-predictors\">Predictors, one per line</label>").append(HubPage.fieldError("r-predictors", e))
                    .append("<textarea id=\"r-predictors\" name=\"r.predictors\" rows=\"4\"").append(HubPage.invalid("r-predictors", e)).append(">")
                    .append(Html.text(v.apply("r.predictors"))).append("</textarea>");
            m.append("<div><button type=\"submit\" id=\"run-regression\">Fit</button></div></form></section>");
        }
    }

    /** A released result as tables: its plain figures as a list, each list of records as a table. */
    static String result(String title, JsonNode r) {
        StringBuilder m = new StringBuilder("<section aria-labelledby=\"res-h\" id=\"analysis-result\"><h2 id=\"res-h\">").append(Html.text(title)).append("</h2>");
        figures(m, r, 0);
        return m.append("</section>").toString();
    }

    private static void figures(StringBuilder m, JsonNode o, int depth) {
        StringBuilder dl = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            JsonNode v = e.getValue();
            if (v.isValueNode() || v.isNull()) {
                dl.append("<dt>").append(Html.text(e.getKey())).append("</dt><dd>").append(Html.text(v.isNull() ? "suppressed" : v.asText())).append("</dd>");
            }
        }
        if (!dl.isEmpty()) m.append("<dl>").append(dl).append("</dl>");
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            JsonNode v = e.getValue();
            if (v.isArray() && !v.isEmpty() && v.get(0).isObject()) {
                Set<String> cols = new LinkedHashSet<>();
                v.forEach(row -> row.fieldNames().forEachRemaining(cols::add));
                m.append("<table><caption>").append(Html.text(e.getKey())).append("</caption><thead><tr>");
                cols.forEach(c -> m.append("<th scope=\"col\">").append(Html.text(c)).append("</th>"));
                m.append("</tr></thead><tbody>");
                for (JsonNode row : v) {
                    m.append("<tr>");
                    cols.forEach(c -> m.append("<td data-label=\"").append(Html.text(c)).append("\">")
                            .append(Html.text(row.has(c) ? (row.get(c).isValueNode() ? row.get(c).asText() : row.get(c).toString()) : "")).append("</td>"));
                    m.append("</tr>");
                }
                m.append("</tbody></table>");
            } else if (v.isObject() && depth < 2) {
                m.append("<h3>").append(Html.text(e.getKey())).append("</h3>");
                figures(m, v, depth + 1);
            }
        }
    }

    private static ArrayNode numbers(Function<String, String> form, String field, String label) {
        ArrayNode a = JsonCodec.MAPPER.createArrayNode();
        String v = value(form, field);
        if (v == null) return a;
        for (String part : v.split(",")) {
            try {
                a.add(Double.parseDouble(part.trim()));
            } catch (NumberFormatException e) {
                throw new FeasibilityForm.FieldError(field, label + ": '" + part.trim() + "' is not a number");
            }
        }
        return a;
    }

    private static String value(Function<String, String> form, String field) {
        String v = form.apply(field);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
