package org.fedra.hub.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.web.Html;
import org.fedra.web.Sessions;

/**
 * The training form turned into the training analysis' request ({@code {"name", "model": {...}, "config": {...}}}, as
 * {@code fedra study train --config job.json} sends it). Variables are written as on the CLI: {@code NAME=SYSTEM|CODE[@UNIT]}
 * or {@code age} / {@code sex}, features one per line. The form checks their shape; the bounds of every number are the
 * training codec's, whose errors name the JSON path, which {@link #fieldOf} maps back to the form field.
 */
final class TrainingForm {
    static final List<String> STRATEGIES = List.of("fedavg", "fedprox", "fedadam", "fedyogi");
    private static final List<String> NUMBERS = List.of("rounds", "learningRate", "localEpochs", "batchSize", "seed");

    private TrainingForm() {}

    static ObjectNode build(Function<String, String> form) {
        ObjectNode o = JsonCodec.object();
        String name = value(form, "name");
        o.put("name", name == null ? "model" : name);
        ObjectNode model = o.putObject("model").put("family", "tabular");
        ArrayNode features = model.putArray("features");
        String text = value(form, "features");
        if (text == null) throw new FeasibilityForm.FieldError("features", "features: give at least one, one per line (NAME=SYSTEM|CODE[@UNIT], age or sex)");
        int line = 0;
        for (String l : text.split("\\R")) {
            line++;
            if (l.isBlank()) continue;
            features.add(variable(l.trim(), "features", "features, line " + line));
        }
        String outcome = value(form, "outcome");
        if (outcome == null) throw new FeasibilityForm.FieldError("outcome", "outcome: is required (NAME=SYSTEM|CODE[@UNIT])");
        model.set("outcome", variable(outcome, "outcome", "outcome"));
        String above = value(form, "outcomeAbove");
        if (above != null) model.put("outcomeAbove", number(above, "outcomeAbove"));
        model.put("testFraction", 0.25);
        ObjectNode config = o.putObject("config");
        String strategy = Optional.ofNullable(value(form, "strategy")).orElse("fedavg");
        if (!STRATEGIES.contains(strategy)) throw new FeasibilityForm.FieldError("strategy", "strategy: must be one of " + STRATEGIES + ", was '" + strategy + "'");
        config.put("strategy", strategy);
        for (String f : NUMBERS) {
            String v = value(form, f);
            if (v == null) continue;
            double d = number(v, f);
            if (f.equals("learningRate")) config.put(f, d);
            else if (d == Math.rint(d) && Math.abs(d) < 1e12) config.put(f, (long) d);
            else throw new FeasibilityForm.FieldError(f, f + ": must be a whole number, was '" + v + "'");
        }
        String noise = value(form, "noiseMultiplier");
        if (noise != null) {
            String budget = value(form, "epsilonBudget");
            if (budget == null) throw new FeasibilityForm.FieldError("epsilonBudget", "epsilonBudget: is required with differential privacy (a noise multiplier)");
            ObjectNode dp = config.putObject("dp").put("noiseMultiplier", number(noise, "noiseMultiplier")).put("epsilonBudget", number(budget, "epsilonBudget"));
            String clip = value(form, "clipNorm");
            if (clip != null) dp.put("clipNorm", number(clip, "clipNorm"));
        }
        return o;
    }

    /** {@code NAME=SYSTEM|CODE[@UNIT]}, {@code age} or {@code sex}, as a variable of the training request. */
    static ObjectNode variable(String text, String field, String label) {
        ObjectNode v = JsonCodec.object();
        if (text.equals("age") || text.equals("sex")) return v.put("name", text).put("patient", text);
        int eq = text.indexOf('='), bar = text.lastIndexOf('|');
        if (eq <= 0 || bar < eq + 2 || bar == text.length() - 1) {
            throw new FeasibilityForm.FieldError(field, label + ": write NAME=SYSTEM|CODE[@UNIT], age or sex, not '" + text + "'");
        }
        String code = text.substring(bar + 1);
        String unit = null;
        int at = code.indexOf('@');
        if (at >= 0) {
            unit = code.substring(at + 1);
            code = code.substring(0, at);
            if (unit.isEmpty() || code.isEmpty()) throw new FeasibilityForm.FieldError(field, label + ": an empty code or unit in '" + text + "'");
        }
        v.put("name", text.substring(0, eq)).put("system", text.substring(eq + 1, bar)).put("code", code);
        if (unit != null) v.put("unit", unit);
        return v;
    }

    /** The form field a codec error names ({@code $.config.rounds: ...} is field {@code rounds}), or null. */
    static String fieldOf(String message) {
        for (String f : List.of("name", "features", "outcome", "outcomeAbove", "strategy", "rounds", "learningRate", "localEpochs", "batchSize", "seed",
                "noiseMultiplier", "epsilonBudget", "clipNorm")) {
            if (message.matches("(?s).*(\\$\\.|config\\.|model\\.|dp\\.|^)" + f + "\\b.*")) return f;
        }
        return "training";
    }

    static void render(Context ctx, Sessions.Session s, StringBuilder m, String base, String errorField, String error) {
        boolean again = ctx.method().name().equals("POST") && ctx.path().endsWith("/training");
        Function<String, String> v = f -> again ? Optional.ofNullable(ctx.formParam(f)).orElse("") : "";
        m.append("<section aria-labelledby=\"train-h\"><h2 id=\"train-h\">Train a model</h2><form method=\"post\" action=\"").append(base)
                .append("/training\" id=\"training-form\">").append(HubPage.csrfField(s));
        if ("training".equals(errorField)) m.append(HubPage.fieldError("training", error));
        ResearchWorkspace.input(m, "name", "Model name (letters, digits, '.', '_' or '-')", v.apply("name"), errorField, error);
        String e = "features".equals(errorField) ? error : null;
        m.append("<label for=\"features\">Features, one per line (NAME=SYSTEM|CODE[@UNIT], age or sex)</label>").append(HubPage.fieldError("features", e))
                .append("<textarea id=\"features\" name=\"features\" rows=\"4\"").append(HubPage.invalid("features", e)).append(">").append(Html.text(v.apply("features")))
                .append("</textarea>");
        ResearchWorkspace.input(m, "outcome", "Outcome (NAME=SYSTEM|CODE)", v.apply("outcome"), errorField, error);
        ResearchWorkspace.input(m, "outcomeAbove", "The outcome counts as 1 above", v.apply("outcomeAbove"), errorField, error);
        ResearchWorkspace.select(m, "strategy", "Strategy", STRATEGIES, STRATEGIES, v.apply("strategy"), errorField, error);
        ResearchWorkspace.input(m, "rounds", "Rounds", again ? v.apply("rounds") : "10", errorField, error);
        ResearchWorkspace.input(m, "learningRate", "Learning rate", again ? v.apply("learningRate") : "0.1", errorField, error);
        ResearchWorkspace.input(m, "seed", "Seed", again ? v.apply("seed") : "42", errorField, error);
        ResearchWorkspace.input(m, "noiseMultiplier", "Differential privacy: noise multiplier (empty: none)", v.apply("noiseMultiplier"), errorField, error);
        ResearchWorkspace.input(m, "epsilonBudget", "Differential privacy: epsilon budget", v.apply("epsilonBudget"), errorField, error);
        m.append("<div><button type=\"submit\" id=\"start-training\">Start training</button></div></form></section>");
    }

    private static String value(Function<String, String> form, String field) {
        String v = form.apply(field);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static double number(String v, String field) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new FeasibilityForm.FieldError(field, field + ": must be a number, was '" + v + "'");
        }
    }
}
