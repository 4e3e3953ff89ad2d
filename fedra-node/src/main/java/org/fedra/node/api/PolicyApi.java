package org.fedra.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedra.node.study.NodePolicy;
import org.fedra.node.study.PolicyReload;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.json.JsonCodec;

/**
 * The steward's view of the node's study and consent policy: {@code GET /api/policy} (the policy in use, every field,
 * and whether it comes from {@code node-policy.json} or the defaults) and {@code POST /api/policy/reload} with an
 * optional {@code {"steward": "..."}}: re-reads the file and applies it at once (audited when it changed; a bad file
 * is a 400 naming the field and changes nothing).
 */
final class PolicyApi {
    private PolicyApi() {}

    static void register(Javalin app, PolicyReload policy, Path dataDir) {
        app.get("/api/policy", ctx -> ctx.json(view(policy.current(), dataDir)));
        app.post("/api/policy/reload", ctx -> {
            JsonNode body = ctx.body().isBlank() ? JsonCodec.object() : JsonCodec.MAPPER.readTree(ctx.body());
            String steward = body.path("steward").asText("");
            PolicyReload.Outcome o = policy.reload(Principal.steward(steward.isBlank() ? "steward API" : steward));
            ctx.json(view(o.after(), dataDir).put("changed", o.changed()));
        });
    }

    private static ObjectNode view(NodePolicy p, Path dataDir) {
        ObjectNode o = JsonCodec.object();
        o.put("source", Files.exists(dataDir.resolve(NodePolicy.FILE)) ? NodePolicy.FILE : "defaults (no " + NodePolicy.FILE + ")");
        o.set("policy", p.toJson());
        return o;
    }
}
