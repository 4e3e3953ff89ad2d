package org.fedra.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.fedra.node.sandbox.NodePackages;
import org.fedra.node.sandbox.PackageApproval;
import org.fedra.node.sandbox.QueuedOutput;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.PackageHash;
import org.fedra.protocol.pkg.PackageManifest;

/**
 * The steward's side of code to data on the node API.
 * <ul>
 *   <li>{@code GET /api/releases}: package outputs waiting for the steward ({@code ?study=ID}: every output of the
 *       study, released, waiting or rejected); {@code POST /api/releases/{id}/release} ({@code {"steward": NAME}}) and
 *       {@code POST /api/releases/{id}/reject} ({@code {"steward": NAME, "reason": TEXT}}), each audited first;</li>
 *   <li>{@code GET /api/package-approvals/{study}}: the packages approved for a study, by hash;
 *       {@code POST /api/package-approvals/{study}} ({@code {"hash": "sha256:...", "name": N, "version": V, "steward":
 *       NAME}}) approves one hash (audited).</li>
 * </ul>
 * Errors are JSON {@code {"error": ...}}: 400 bad input, 404 unknown output, 409 already decided.
 */
final class PackagesApi {
    private PackagesApi() {}

    static void register(Javalin app, NodePackages packages) {
        app.get("/api/releases", ctx -> answer(ctx, () -> {
            ArrayNode out = JsonCodec.array();
            String study = ctx.queryParam("study");
            for (QueuedOutput o : study == null ? packages.releases().pending() : packages.releases().ofStudy(study)) out.add(json(o));
            return out;
        }));
        app.post("/api/releases/{id}/release", ctx -> answer(ctx, () ->
                json(packages.releases().release(ctx.pathParam("id"), body(ctx).path("steward").asText("")))));
        app.post("/api/releases/{id}/reject", ctx -> answer(ctx, () -> {
            JsonNode b = body(ctx);
            return json(packages.releases().reject(ctx.pathParam("id"), b.path("steward").asText(""), b.path("reason").asText("")));
        }));
        app.get("/api/package-approvals/{study}", ctx -> answer(ctx, () -> {
            ArrayNode out = JsonCodec.array();
            for (PackageApproval a : packages.approvals().list(ctx.pathParam("study"))) out.add(json(a));
            return out;
        }));
        app.post("/api/package-approvals/{study}", ctx -> answer(ctx, () -> {
            JsonNode b = body(ctx);
            PackageHash hash = PackageHash.parse(required(b, "hash"), "$.hash");
            String name = required(b, "name");
            String version = required(b, "version");
            if (!PackageManifest.NAME.matcher(name).matches()) throw Failure.badInput("$.name: not a package name: " + name);
            if (!PackageManifest.VERSION.matcher(version).matches()) throw Failure.badInput("$.version: not a package version: " + version);
            return json(packages.approvals().approve(ctx.pathParam("study"), hash, name, version, required(b, "steward")));
        }));
    }

    private interface Answer {
        JsonNode get() throws Exception;
    }

    private static void answer(Context ctx, Answer answer) throws Exception {
        try {
            ctx.json(answer.get());
        } catch (Failure f) {
            HttpStatus status = switch (f.reason()) {
                case BAD_INPUT -> HttpStatus.BAD_REQUEST;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case CONFLICT -> HttpStatus.CONFLICT;
                default -> HttpStatus.FORBIDDEN;
            };
            ctx.status(status).json(JsonCodec.object().put("error", f.getMessage()));
        }
    }

    private static String required(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) throw Failure.badInput("$." + field + " is required (a non-empty string)");
        return v.asText().strip();
    }

    private static JsonNode body(Context ctx) throws java.io.IOException {
        String b = ctx.body();
        JsonNode n = b.isBlank() ? JsonCodec.object() : JsonCodec.MAPPER.readTree(b);
        if (n == null || !n.isObject()) throw Failure.badInput("the request body must be a JSON object");
        return n;
    }

    static ObjectNode json(QueuedOutput o) {
        return JsonCodec.object().put("outputId", o.outputId()).put("runId", o.runId()).put("study", o.studyId())
                .put("package", o.packageHash().value()).put("file", o.file()).put("kind", o.kind().code()).put("status", o.status())
                .put("bytes", o.contentBytes()).put("sha256", o.contentSha256()).put("check", o.checkNote()).put("patients", o.patients())
                .put("createdAt", o.createdAt().toString()).put("decidedAt", o.decidedAt() == null ? null : o.decidedAt().toString())
                .put("decidedBy", o.decidedBy()).put("decision", o.decisionReason());
    }

    static ObjectNode json(PackageApproval a) {
        return JsonCodec.object().put("study", a.studyId()).put("hash", a.hash().value()).put("name", a.name()).put("version", a.version())
                .put("basis", a.basis()).put("signer", a.signer()).put("approvedBy", a.approvedBy()).put("approvedAt", a.approvedAt().toString());
    }
}
