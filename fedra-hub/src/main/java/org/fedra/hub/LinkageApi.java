package org.fedra.hub;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Duration;
import org.fedra.hub.analysis.linkage.LinkageRunner;
import org.fedra.hub.study.StudyException;

/**
 * {@code POST /api/studies/{id}/linkage}: record linkage of the study's nodes by PSI. Body (optional):
 * {@code {"countingNode": "node-..."}}. Answers the released figures: per-node sizes, pairwise overlaps and the
 * number of distinct patients, with the nodes left out and why.
 */
final class LinkageApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    /** How long a node has for one step of a linkage. */
    /** The least time a node has for one PSI step (blinding a large set takes a while), or the hub's analysis deadline if longer. */
    static final Duration STEP_DEADLINE = Duration.ofMinutes(2);

    private LinkageApi() {}

    static void register(Javalin app, Hub hub) {
        LinkageRunner runner = new LinkageRunner(hub.studies(), hub.tasks()::submit,
                hub.analysisDeadline().compareTo(STEP_DEADLINE) > 0 ? hub.analysisDeadline() : STEP_DEADLINE);
        app.post("/api/studies/{id}/linkage", ctx -> {
            String countingNode = null;
            if (!ctx.body().isBlank()) {
                JsonNode body;
                try {
                    body = JSON.readTree(ctx.body());
                } catch (java.io.IOException e) {
                    throw new StudyException(400, "the request body is not valid JSON: " + e.getMessage());
                }
                if (body == null || !body.isObject()) {
                    throw new StudyException(400, "the request body must be a JSON object");
                }
                JsonNode c = body.get("countingNode");
                if (c != null && !c.isNull()) {
                    if (!c.isTextual() || c.asText().isBlank()) {
                        throw new StudyException(400, "countingNode must be a node id (a non-empty string)");
                    }
                    countingNode = c.asText();
                }
            }
            ctx.json(runner.run(ctx.pathParam("id"), countingNode).figures());
        });
    }
}
