package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fedra study train}: starts a federated training job of a study from a JSON file and follows it round by
 * round until the model is in the registry.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Starts a federated training job over the study's accepted nodes (updates combined by secure aggregation; "
                + "each node trains on its consent-filtered data and evaluates every round's model on its held-out patients), "
                + "shows the rounds as they complete and prints the final metrics.",
                "The file is {\"name\": ..., \"model\": {\"features\": [...], \"outcome\": {...}, \"outcomeAbove\": 0, \"hidden\": [], "
                + "\"testFraction\": 0.25}, \"config\": {\"strategy\": \"fedavg\", \"rounds\": 10, ...}} (see GET /api/openapi.json)."})
public final class StudyTrainCommand implements Callable<Integer>, AnalysisCommand {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final int BAR = 30;

    @Option(names = "--study", required = true, description = "The study id.")
    String study;

    @Option(names = "--config", required = true, description = "The job file (JSON): name, model and config.")
    Path config;

    @Option(names = "--no-wait", description = "Print the job id and return without following the job.")
    boolean noWait;

    @Option(names = "--poll-millis", defaultValue = "500", description = "How often to ask the hub for progress (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    HubCommand.Target target = new HubCommand.Target();

    @Override
    public Integer call() throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(Files.readString(config));
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + config + ": cannot be read as JSON: " + e.getMessage());
        }
        HubClient hub = target.client();
        JsonNode job = hub.post("/api/studies/" + study + "/training", body);
        String jobId = job.path("jobId").asText();
        PrintWriter out = spec.commandLine().getOut();
        out.println("Training job " + jobId + " started on " + job.path("nodes").size() + " nodes ("
                + job.path("rounds").asInt() + " rounds at most)");
        out.flush();
        if (noWait) return ExitCodes.OK;
        int shown = -1;
        while (true) {
            job = hub.get("/api/training/" + jobId);
            int round = job.path("round").asInt();
            if (round != shown) {
                out.println(progress(round, job.path("rounds").asInt(), job.path("metrics")));
                out.flush();
                shown = round;
            }
            if (!"running".equals(job.path("status").asText())) break;
            Thread.sleep(pollMillis);
        }
        out.println();
        out.print(ModelCommand.metricsTable(job.path("metrics")));
        out.println("Status: " + job.path("status").asText() + " - " + job.path("stopReason").asText(""));
        if (job.hasNonNull("modelId")) out.println("Model: " + job.path("modelId").asText() + " (fedra model show " + job.path("modelId").asText() + ")");
        out.flush();
        return "finished".equals(job.path("status").asText()) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** {@code [##########....................] round 3/10  loss 0.4929  AUC 0.8512}. */
    static String progress(int round, int rounds, JsonNode metrics) {
        int filled = rounds == 0 ? 0 : (int) Math.round((double) BAR * round / rounds);
        StringBuilder s = new StringBuilder("[").append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] round ")
                .append(round).append('/').append(rounds);
        if (metrics.isArray() && metrics.size() > 0) {
            JsonNode last = metrics.get(metrics.size() - 1);
            s.append("  loss ").append(ModelCommand.number(last.path("loss"), "%.4f")).append("  AUC ").append(ModelCommand.number(last.path("auc"), "%.4f"));
            if (!last.path("epsilon").isNull() && !last.path("epsilon").isMissingNode()) {
                s.append("  epsilon ").append(ModelCommand.number(last.path("epsilon"), "%.3f"));
            }
        }
        return s.toString();
    }
}
