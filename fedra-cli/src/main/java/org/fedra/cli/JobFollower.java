package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an analysis of a study as a job on the hub and follows it: submits it
 * ({@code POST /api/studies/{id}/analyses/{type}}), draws its progress as a bar on standard error from the job's
 * event stream, cancels it when the command is interrupted (Ctrl-C), and returns the released figures once it
 * succeeded. A job that failed or was cancelled becomes an error with the hub's reason.
 */
final class JobFollower {
    private static final int BAR = 30;

    private final HubClient hub;
    private final PrintWriter err;

    JobFollower(HubClient hub, PrintWriter err) {
        this.hub = hub;
        this.err = err;
    }

    /** Submits the analysis and waits for its result. */
    JsonNode run(String study, String analysis, JsonNode request) {
        JsonNode job = hub.post("/api/studies/" + study + "/analyses/" + analysis, request);
        return follow(job.path("jobId").asText());
    }

    /** Follows a job until it is over; returns its result, or throws with its failure. */
    JsonNode follow(String jobId) {
        AtomicBoolean over = new AtomicBoolean();
        Thread cancelOnInterrupt = new Thread(() -> {
            if (!over.get()) {
                err.println();
                err.println("cancelling job " + jobId + " ...");
                err.flush();
                try {
                    hub.post("/api/jobs/" + jobId + "/cancel", org.fedra.protocol.json.JsonCodec.object().put("reason", "the researcher interrupted the command"));
                } catch (RuntimeException e) {
                    err.println("could not cancel job " + jobId + ": " + e.getMessage() + " (fedra job cancel " + jobId + ")");
                }
                err.flush();
            }
        }, "fedra-cancel-job");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            hub.events("/api/jobs/" + jobId + "/events", event -> {
                draw(jobId, event);
                return !("state".equals(event.path("kind").asText()) && terminal(event.path("state").asText()));
            });
        } finally {
            over.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it cancels the job
            }
            err.println();
            err.flush();
        }
        JsonNode job = hub.get("/api/jobs/" + jobId);
        String state = job.path("state").asText();
        if ("succeeded".equals(state)) {
            return job.path("result");
        }
        String reason = job.path("failure").path("reason").asText("internal");
        String message = "job " + jobId + " " + state + ": " + job.path("failure").path("message").asText(state);
        // the analysis ran and produced no result (no usable rows, disclosure, a node offline): exit 1, not the
        // "hub unreachable or refused" of exit 4; a request the hub found wrong is a usage error
        throw "bad_input".equals(reason) || "not_found".equals(reason) ? new IllegalArgumentException(message)
                : "unauthenticated".equals(reason) || "forbidden".equals(reason) ? new HubClient.HubRequestException(message)
                : new HubClient.NoResultException(message);
    }

    private void draw(String jobId, JsonNode event) {
        long done = event.path("done").asLong();
        long total = event.path("total").asLong();
        String kind = event.path("kind").asText();
        if ("node".equals(kind)) {
            return; // nodes' own progress is detail; the bar follows the job
        }
        int filled = total <= 0 ? 0 : (int) Math.min(BAR, Math.round((double) BAR * done / total));
        String bar = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
        String line = String.format(Locale.ROOT, "\r%s %s %-9s %s", jobId, bar, event.path("state").asText(), event.path("message").asText());
        err.print(line.length() > 140 ? line.substring(0, 140) : line + " ".repeat(Math.max(0, 140 - line.length())));
        err.flush();
    }

    private static boolean terminal(String state) {
        return "succeeded".equals(state) || "failed".equals(state) || "cancelled".equals(state);
    }
}
