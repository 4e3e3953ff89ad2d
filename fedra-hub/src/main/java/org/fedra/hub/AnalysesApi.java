package org.fedra.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.JobRequest;
import org.fedra.hub.job.Jobs;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.protocol.analysis.builtin.LinkageAnalysis;
import org.fedra.protocol.analysis.builtin.RegressionAnalysis;
import org.fedra.protocol.analysis.builtin.StatisticsAnalysis;
import org.fedra.protocol.analysis.builtin.TrainingAnalysis;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;

/**
 * The one route shape of every analysis: {@code POST /api/studies/{id}/analyses/{type}} checks the request with the
 * type's codec (a bad one is a 400 naming the JSON path, and no job exists) and answers 202 with the job; follow it at
 * {@code /api/jobs/{id}}. The older per-analysis routes ({@code /api/studies/{id}/feasibility}, {@code statistics},
 * {@code regression}, {@code linkage}) stay as aliases that run the job and wait, answering as before with the released
 * figures; {@code /api/studies/{id}/training} answers 201 with the training job once it started.
 */
final class AnalysesApi {
    /** How long an older route waits for its job. */
    static final Duration ALIAS_WAIT = Duration.ofHours(12);

    private AnalysesApi() {}

    static void register(Javalin app, Jobs jobs) {
        app.post("/api/studies/{id}/analyses/{type}", ctx -> {
            Job job = jobs.submit(JobRequest.of(ctx.pathParam("id"), ctx.pathParam("type"), body(ctx), requester(ctx)));
            ctx.status(HttpStatus.ACCEPTED).json(job.toJson());
        });
        for (String analysis : new String[] {FeasibilityAnalysis.NAME, StatisticsAnalysis.NAME, RegressionAnalysis.NAME, LinkageAnalysis.NAME}) {
            app.post("/api/studies/{id}/" + analysis, ctx -> ctx.json(jobs.run(JobRequest.of(ctx.pathParam("id"), analysis, body(ctx), requester(ctx)),
                    ALIAS_WAIT)));
        }
        app.post("/api/studies/{id}/" + TrainingAnalysis.NAME, ctx -> {
            Job job = jobs.submit(JobRequest.of(ctx.pathParam("id"), TrainingAnalysis.NAME, body(ctx), requester(ctx)));
            ctx.status(HttpStatus.CREATED).json(jobs.awaitStarted(job.id(), ALIAS_WAIT));
        });
    }

    /** Who asks: the caller the access check identified (the operator token, a person's API token or session). */
    static Principal requester(Context ctx) {
        return org.fedra.hub.web.Caller.of(ctx).principal();
    }

    /** The request body as JSON; an empty body is an empty object. */
    static JsonNode body(Context ctx) {
        if (ctx.body().isBlank()) {
            return JsonCodec.object();
        }
        try {
            JsonNode n = JsonCodec.MAPPER.readTree(ctx.body());
            return n == null ? JsonCodec.object() : n;
        } catch (IOException e) {
            throw Failure.badInput("the request body is not valid JSON: " + e.getMessage());
        }
    }
}
