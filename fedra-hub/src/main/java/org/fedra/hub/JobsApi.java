package org.fedra.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.JobEvent;
import org.fedra.hub.job.Jobs;
import org.fedra.hub.study.StudyException;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;

/**
 * Job routes: {@code GET /api/jobs[?study=ID]}, {@code GET /api/jobs/{id}} (state, progress, the result once done, the
 * failure with its reason), {@code GET /api/jobs/{id}/events} (server-sent events: every state change and progress
 * report, the past ones first, until the job is over) and {@code POST /api/jobs/{id}/cancel} (stops every node's work
 * on it; nothing more is released).
 */
final class JobsApi {
    /** How often an idle event stream gets a comment, so that proxies keep it open. */
    static final long KEEP_ALIVE_SECONDS = 15;
    /** How long a cancel waits for the job's runner to stop before it answers. */
    static final java.time.Duration CANCEL_WAIT = java.time.Duration.ofSeconds(15);

    private JobsApi() {}

    static void register(Javalin app, Jobs jobs) {
        app.get("/api/jobs", ctx -> {
            ArrayNode out = JsonCodec.array();
            jobs.list(ctx.queryParam("study")).forEach(j -> out.add(j.toJson()));
            ctx.json(out);
        });
        app.get("/api/jobs/{id}", ctx -> ctx.json(find(jobs, ctx.pathParam("id")).toJson()));
        app.post("/api/jobs/{id}/cancel", ctx -> {
            JsonNode body = AnalysesApi.body(ctx);
            String reason = body.path("reason").isTextual() ? body.get("reason").asText() : null;
            Job cancelling = jobs.cancel(ctx.pathParam("id"), AnalysesApi.requester(ctx), reason);
            ctx.json(jobs.await(cancelling.id(), CANCEL_WAIT).toJson());
        });
        // an unknown job is a 404 before the event stream starts
        app.before("/api/jobs/{id}/events", ctx -> find(jobs, ctx.pathParam("id")));
        app.sse("/api/jobs/{id}/events", client -> follow(jobs, client));
    }

    private static Job find(Jobs jobs, String id) {
        return jobs.find(id).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no job " + id));
    }

    /** Sends the job's events until it is over or the client goes away (on the request's thread). */
    private static void follow(Jobs jobs, SseClient client) {
        BlockingQueue<JobEvent> queue = new LinkedBlockingQueue<>();
        try (AutoCloseable subscription = jobs.subscribe(client.ctx().pathParam("id"), queue::add, true)) {
            long last = 0;
            while (!client.terminated()) {
                JobEvent e = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    client.sendComment("the job is still running");
                    continue;
                }
                if (e.sequence() <= last) {
                    continue;
                }
                last = e.sequence();
                client.sendEvent(e.kind(), e.toJson().toString(), Long.toString(e.sequence()));
                if (JobEvent.STATE.equals(e.kind()) && e.state().terminal()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the client went away, or the hub is stopping
        } finally {
            client.close();
        }
    }
}
