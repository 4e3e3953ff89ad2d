package org.fedra.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import org.fedra.node.posture.StewardRemediations;
import org.fedra.protocol.json.JsonCodec;

/**
 * The steward's remediations (issue 15): {@code GET /api/remediations} lists them; {@code POST /api/remediations}
 * ({@code {"vulnerability", "kind", "level", "note", "steward"}}) declares or replaces one; {@code DELETE
 * /api/remediations/{vulnerability}?steward=NAME} withdraws one. Each change is audited and sent to the hub in a
 * posture at once.
 */
final class RemediationsApi {
    private RemediationsApi() {
    }

    static void register(Javalin app, StewardRemediations remediations, Runnable changed) {
        // a damaged remediations file is the steward's to repair: 409 naming it, nothing written
        app.exception(RemediationsDamaged.class, (e, ctx) -> ctx.status(HttpStatus.CONFLICT).json(JsonCodec.object().put("error", e.getMessage())));
        app.before("/api/remediations*", ctx -> {
            try {
                remediations.list();
            } catch (IllegalStateException e) {
                throw new RemediationsDamaged(e.getMessage());
            }
        });
        app.get("/api/remediations", ctx -> ctx.json(json(remediations)));
        app.post("/api/remediations", ctx -> {
            JsonNode b = JsonCodec.MAPPER.readTree(ctx.body());
            if (b == null || !b.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object {vulnerability, kind, level, note, steward}");
            }
            if (!b.path("level").isNumber()) {
                throw new IllegalArgumentException("level: the remediation level RE is a number >= 1 (1 = nothing done)");
            }
            remediations.declare(b.path("vulnerability").asText(null), b.path("kind").asText(""), b.get("level").asDouble(), b.path("note").asText(""),
                    b.path("steward").asText(""));
            changed.run();
            ctx.status(HttpStatus.CREATED).json(json(remediations));
        });
        app.delete("/api/remediations/{vulnerability}", ctx -> {
            String id = ctx.pathParam("vulnerability");
            if (!remediations.withdraw(id, ctx.queryParam("steward"))) {
                ctx.status(HttpStatus.NOT_FOUND).json(JsonCodec.object().put("error", "no remediation is declared for " + id));
                return;
            }
            changed.run();
            ctx.json(json(remediations));
        });
    }

    private static final class RemediationsDamaged extends RuntimeException {
        RemediationsDamaged(String message) {
            super(message);
        }
    }

    private static ArrayNode json(StewardRemediations remediations) {
        ArrayNode out = JsonCodec.array();
        for (StewardRemediations.Declared d : remediations.list()) {
            out.addObject().put("vulnerability", d.vulnerability()).put("kind", d.kind()).put("level", d.level()).put("note", d.note());
        }
        return out;
    }
}
