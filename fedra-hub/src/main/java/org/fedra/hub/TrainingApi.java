package org.fedra.hub;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.Javalin;
import org.fedra.hub.study.StudyException;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.hub.training.ModelRegistry;
import org.fedra.hub.training.RegisteredModel;
import org.fedra.hub.training.TrainingJobs;
import org.fedra.hub.training.TrainingJson;

/**
 * Training and model registry routes ({@code POST /api/studies/{id}/training} starts a job: see {@link AnalysesApi}):
 * {@code GET /api/training/{id}} a training job's status, {@code GET /api/models}, {@code GET /api/models/{id}} (with per-round metrics) and
 * {@code GET /api/models/{id}/export} (parameters and metadata).
 */
final class TrainingApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private TrainingApi() {}

    static void register(Javalin app, TrainingJobs training, ModelRegistry models) {
        app.get("/api/training/{id}", ctx -> ctx.json(TrainingJson.job(training.find(ctx.pathParam("id"))
                .orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no training job " + ctx.pathParam("id"))))));
        app.get("/api/models", ctx -> {
            ArrayNode out = JSON.createArrayNode();
            models.list().forEach(m -> out.add(TrainingJson.summary(m)));
            ctx.json(out);
        });
        app.get("/api/models/{id}", ctx -> ctx.json(TrainingJson.detail(model(models, ctx.pathParam("id")))));
        app.get("/api/models/{id}/export", ctx -> ctx.json(TrainingJson.export(model(models, ctx.pathParam("id")))));
    }

    private static RegisteredModel model(ModelRegistry models, String id) {
        return models.find(id).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no model " + id + " in the registry"));
    }
}
