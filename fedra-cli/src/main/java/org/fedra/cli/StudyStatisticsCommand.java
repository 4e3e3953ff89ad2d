package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fedra study statistics}: pooled descriptive statistics of one variable over a study's nodes. */
@Command(name = "statistics", mixinStandardHelpOptions = true,
        description = {"Pooled descriptive statistics of one variable over the nodes that accepted the study, by secure "
                + "aggregation: count (rounded; suppressed below the minimum cell size), mean, SD, coarsened min/max, quartiles "
                + "(interpolated within the histogram bins), histogram and an optional contingency table, with cell suppression.",
                "Variables: NAME=SYSTEM|CODE[@UNIT] for an observation (the patient's most recent), or age, or sex."})
public final class StudyStatisticsCommand implements Callable<Integer>, AnalysisCommand {
    @Option(names = "--study", required = true, description = "The study id (see: fedra study list).")
    String study;

    @Option(names = "--variable", required = true, description = "The variable described, e.g. chol=http://loinc.org|2093-3@mg/dL.")
    String variable;

    @Option(names = "--edges", description = "Ascending histogram bin edges, comma-separated, e.g. 100,200,300,400.")
    String edges;

    @Option(names = "--by", description = "A categorical variable for a contingency table against the histogram bins, e.g. sex.")
    String by;

    @Option(names = "--categories", description = "The values of --by that form the table's columns, e.g. 0,1.")
    String categories;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Override
    public Integer call() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("variable", AnalysisVariables.parse(variable, "--variable"));
        if (edges != null) body.set("edges", AnalysisVariables.numbers(edges, "--edges"));
        if (by != null) body.set("by", AnalysisVariables.parse(by, "--by"));
        if (categories != null) body.set("categories", AnalysisVariables.numbers(categories, "--categories"));
        JsonNode r = new JobFollower(target.client(), spec.commandLine().getErr()).run(study, "statistics", body);
        spec.commandLine().getOut().print(format(r));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    static String format(JsonNode r) {
        StringBuilder sb = new StringBuilder();
        sb.append("Descriptive statistics of ").append(r.path("variable").asText()).append('\n');
        if (r.path("count").isNull()) {
            sb.append("  suppressed: ").append(r.path("suppressed").asText()).append('\n');
        } else {
            sb.append(String.format(java.util.Locale.ROOT, "  n (rounded)  %d%n  mean         %.6g%n", r.path("count").asLong(), r.path("mean").asDouble()));
            if (r.has("sd")) sb.append(String.format(java.util.Locale.ROOT, "  SD           %.6g%n  variance     %.6g%n", r.path("sd").asDouble(), r.path("variance").asDouble()));
            if (r.has("coarsened")) {
                sb.append("  min (coarsened) ").append(text(r.at("/coarsened/min"))).append(", max (coarsened) ").append(text(r.at("/coarsened/max"))).append('\n');
            }
            if (r.has("quantiles")) {
                sb.append("  quartiles (interpolated in the pooled histogram):");
                for (Iterator<Map.Entry<String, JsonNode>> q = r.get("quantiles").fields(); q.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = q.next();
                    sb.append(' ').append(e.getKey()).append(": ").append(text(e.getValue()));
                }
                sb.append('\n');
            }
            if (r.has("histogram")) {
                sb.append(String.format("  %-20s %8s%n", "bin", "count"));
                for (JsonNode b : r.get("histogram")) sb.append(String.format("  %-20s %8s%n", b.path("bin").asText(), count(b.get("count"))));
            }
            if (r.has("table")) {
                JsonNode t = r.get("table");
                sb.append(String.format("  %-20s", ""));
                t.get("columns").forEach(c -> sb.append(String.format(" %12s", c.asText())));
                sb.append(String.format(" %12s%n", "total"));
                for (int i = 0; i < t.get("rows").size(); i++) {
                    sb.append(String.format("  %-20s", t.get("rows").get(i).asText()));
                    for (JsonNode c : t.get("cells").get(i)) sb.append(String.format(" %12s", count(c)));
                    sb.append(String.format(" %12s%n", count(t.get("rowTotals").get(i))));
                }
                sb.append(String.format("  %-20s", "total"));
                t.get("columnTotals").forEach(c -> sb.append(String.format(" %12s", count(c))));
                sb.append('\n');
                sb.append("  (suppressed cells are shown as -)\n");
            }
        }
        sb.append(guarantee(r.path("guarantee")));
        return sb.toString();
    }

    static String guarantee(JsonNode g) {
        StringBuilder sb = new StringBuilder();
        java.util.List<String> included = new java.util.ArrayList<>();
        g.path("includedNodes").forEach(n -> included.add(n.asText()));
        sb.append("Nodes included: ").append(String.join(" ", included)).append('\n');
        for (Iterator<Map.Entry<String, JsonNode>> ex = g.path("excludedNodes").fields(); ex.hasNext(); ) {
            Map.Entry<String, JsonNode> e = ex.next();
            sb.append("Node excluded: ").append(e.getKey()).append(" - ").append(e.getValue().asText()).append('\n');
        }
        sb.append("Disclosure control: minimum cell size ").append(g.path("minimumCellSize").asInt()).append(", counts rounded to ")
                .append(g.path("roundingBase").asInt()).append("; ").append(g.path("secureAggregation").asText()).append(g.path("secureAggregation").asText().endsWith(".") ? "" : ".").append('\n');
        return sb.toString();
    }

    private static String count(JsonNode c) {
        return c == null || c.isNull() ? "-" : Long.toString(c.asLong());
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? "(outside the edges)" : String.format(java.util.Locale.ROOT, "%.6g", v.asDouble());
    }
}
