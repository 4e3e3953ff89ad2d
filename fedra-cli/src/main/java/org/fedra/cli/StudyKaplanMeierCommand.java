package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fedra study kaplan-meier}: a federated Kaplan-Meier table over a study's nodes, by one secure sum. */
@Command(name = "kaplan-meier", mixinStandardHelpOptions = true,
        description = {"Kaplan-Meier survival table over the nodes that accepted the study: per time interval the number at risk and the "
                + "events (securely summed over the nodes), survival and its 95%% confidence interval (Greenwood, log-log). Intervals are "
                + "merged until each row has no event or at least the minimum cell size; counts are rounded.",
                "Variables: NAME=SYSTEM|CODE[@UNIT] for an observation (the patient's most recent), or age, or sex."})
public final class StudyKaplanMeierCommand implements Callable<Integer>, AnalysisCommand {
    @Option(names = "--study", required = true, description = "The study id (see: fedra study list).")
    String study;

    @Option(names = "--time", required = true, description = "The time variable, e.g. age=http://loinc.org|30525-0@a.")
    String time;

    @Option(names = "--event", required = true, description = "The event variable, e.g. num=urn:fedra:codesystem:uci-heart-disease|num.")
    String event;

    @Option(names = "--event-above", description = "An event is a value above this (e.g. 0); without it the event variable must be 0 or 1.")
    Double eventAbove;

    @Option(names = "--edges", required = true, description = "Ascending time grid, comma-separated, e.g. 30,40,50,60,70,80.")
    String edges;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Override
    public Integer call() {
        ObjectNode body = JsonCodec.object();
        body.set("time", AnalysisVariables.parse(time, "--time"));
        body.set("event", AnalysisVariables.parse(event, "--event"));
        if (eventAbove != null) body.put("eventAbove", eventAbove);
        body.set("edges", AnalysisVariables.numbers(edges, "--edges"));
        JsonNode r = new JobFollower(target.client(), spec.commandLine().getErr()).run(study, "kaplan-meier", body);
        StringBuilder out = new StringBuilder("Kaplan-Meier table of ").append(r.path("time").asText()).append(" to ")
                .append(r.path("event").asText()).append(", n (rounded) ").append(r.path("n").isNull() ? "suppressed" : r.path("n").asText()).append('\n');
        out.append(String.format(Locale.ROOT, "  %-8s %-8s %8s %7s %9s  %s%n", "FROM", "TO", "AT RISK", "EVENTS", "SURVIVAL", "95% CI"));
        for (JsonNode row : r.path("rows")) {
            out.append(String.format(Locale.ROOT, "  %-8s %-8s %8d %7d %9.4f  [%.4f, %.4f]%n", time(row.path("from")), time(row.path("to")),
                    row.path("atRisk").asLong(), row.path("events").asLong(), row.path("survival").asDouble(), row.path("lower95").asDouble(),
                    row.path("upper95").asDouble()));
        }
        out.append(StudyStatisticsCommand.guarantee(r.path("guarantee")));
        out.append("Coarsening: ").append(r.at("/guarantee/coarsening").asText()).append('\n');
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static String time(JsonNode t) {
        double v = t.asDouble();
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
