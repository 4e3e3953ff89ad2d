package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fedra model}: the hub's model registry (trained models with metrics, lineage and privacy spent). */
@Command(name = "model", mixinStandardHelpOptions = true, description = "The model registry: list, show (with training curves) and export trained models.",
        subcommands = {ModelCommand.ListModels.class, ModelCommand.Show.class, ModelCommand.Export.class})
final class ModelCommand {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the registered models with their final metrics.")
    static final class ListModels implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Override
        public Integer call() {
            JsonNode models = target.client().get("/api/models");
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-16s %-24s %7s %-9s %6s %8s %8s %8s %5s%n", "ID", "NAME", "VERSION", "KIND", "ROUNDS", "LOSS", "AUC", "EPSILON", "NODES");
            for (JsonNode m : models) {
                out.printf(Locale.ROOT, "%-16s %-24s %7d %-9s %6d %8s %8s %8s %5d%n", m.path("id").asText(), m.path("name").asText(),
                        m.path("version").asInt(), m.path("kind").asText(), m.path("rounds").asInt(), number(m.path("loss"), "%.4f"),
                        number(m.path("auc"), "%.4f"), number(m.path("epsilon"), "%.3f"), m.path("nodes").size());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows a model: lineage (job, study, nodes, consent snapshot), configuration, privacy spent and metrics per round; "
                    + "--plot writes the training curves (loss and AUC per round) as SVG or PNG.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The model id.")
        String id;

        @Option(names = "--plot", description = "Write the training curves to this file (.svg or .png).")
        Path plot;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Override
        public Integer call() throws IOException {
            String name = plot == null ? "" : plot.getFileName().toString().toLowerCase(Locale.ROOT);
            if (plot != null && !name.endsWith(".svg") && !name.endsWith(".png")) {
                throw new IllegalArgumentException("--plot " + plot + ": the file must end in .svg or .png");
            }
            JsonNode m = target.client().get("/api/models/" + id);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Model " + m.path("id").asText() + ": " + m.path("name").asText() + " v" + m.path("version").asInt() + " ("
                    + m.path("kind").asText() + ", " + m.path("model").path("features").size() + " features)");
            out.println("Training job " + m.path("jobId").asText() + " of study " + m.path("studyId").asText());
            out.println("Nodes: " + String.join(", ", JSON.convertValue(m.path("nodes"), String[].class)));
            out.println("Consent snapshot: " + m.path("consentSnapshotAt").asText());
            out.println("Privacy: " + (m.path("epsilon").isNull() ? "no differential privacy"
                    : "epsilon " + number(m.path("epsilon"), "%.4f") + " at delta " + m.path("delta").asDouble()));
            out.println("Configuration: " + m.path("config"));
            out.print(metricsTable(m.path("metrics")));
            if (plot != null) {
                TrainingCurves curves = TrainingCurves.of(m.path("name").asText() + " v" + m.path("version").asInt(), m.path("metrics"));
                if (name.endsWith(".svg")) {
                    Files.writeString(plot, curves.svg());
                } else {
                    curves.writePng(plot);
                }
                out.println("Training curves written to " + plot);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Writes a model (parameters, feature standardisation, configuration, metrics and lineage) to a JSON file.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "The model id.")
        String id;

        @Option(names = "--out", required = true, description = "The file to write.")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Override
        public Integer call() throws IOException {
            JsonNode m = target.client().get("/api/models/" + id + "/export");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
            spec.commandLine().getOut().println("Model " + id + " (" + m.path("parameters").size() + " parameters) written to " + file);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    /** Round, contributors, held-out n, loss, accuracy, AUC and epsilon per round. */
    static String metricsTable(JsonNode metrics) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%5s %6s %7s %8s %8s %8s %8s%n", "ROUND", "NODES", "N", "LOSS", "ACC", "AUC", "EPSILON"));
        for (JsonNode r : metrics) {
            s.append(String.format(Locale.ROOT, "%5d %6d %7s %8s %8s %8s %8s%n", r.path("round").asInt(), r.path("contributors").size(),
                    r.path("evaluatedN").isNull() ? "<min" : r.path("evaluatedN").asText(), number(r.path("loss"), "%.4f"),
                    number(r.path("accuracy"), "%.4f"), number(r.path("auc"), "%.4f"), number(r.path("epsilon"), "%.3f")));
        }
        return s.toString();
    }

    static String number(JsonNode n, String format) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : String.format(Locale.ROOT, format, n.asDouble());
    }
}
