package org.fedra.node.api;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.TreeSet;
import org.fedra.node.study.Contract;
import org.fedra.node.study.ContractAlreadyDecidedException;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.UnknownContractException;
import org.fedra.protocol.audit.AuditLog;

/**
 * The steward's side of study contracts: {@code GET /api/approvals} (awaiting approval; {@code ?all=true} for every
 * contract), {@code POST /api/approvals/{study}/approve} and {@code POST /api/approvals/{study}/reject} with
 * {@code {"reason": "..."}}. 404 for an unknown study, 409 for one that is not awaiting approval.
 */
final class ApprovalsApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private ApprovalsApi() {}

    static void register(Javalin app, ContractBook contracts, AuditLog audit) {
        app.get("/api/approvals", ctx -> {
            ArrayNode out = JSON.createArrayNode();
            for (Contract c : contracts.list(!"true".equals(ctx.queryParam("all")))) {
                out.add(json(c));
            }
            ctx.json(out);
        });
        app.post("/api/approvals/{study}/approve", ctx -> {
            JsonNode body = body(ctx);
            ctx.json(json(contracts.approve(ctx.pathParam("study"), body.path("steward").asText(""))));
        });
        app.post("/api/approvals/{study}/reject", ctx -> {
            JsonNode body = body(ctx);
            if (!body.path("reason").isTextual()) {
                throw new IllegalArgumentException("reject needs {\"reason\": \"...\"}: the researcher is told why");
            }
            ctx.json(json(contracts.reject(ctx.pathParam("study"), body.get("reason").asText())));
        });
        app.exception(UnknownContractException.class, (e, ctx) -> error(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        app.exception(ContractAlreadyDecidedException.class, (e, ctx) -> error(ctx, HttpStatus.CONFLICT, e.getMessage()));
    }

    static ObjectNode json(Contract c) {
        ObjectNode o = JSON.createObjectNode().put("study", c.studyId()).put("title", c.title()).put("purpose", c.purpose().toString())
                .put("organisation", c.organisation()).put("status", c.status()).put("reason", c.reason())
                .put("proposedAt", c.proposedAt().toString());
        o.put("decidedAt", c.decidedAt() == null ? null : c.decidedAt().toString()).put("decidedBy", c.decidedBy());
        ArrayNode a = o.putArray("analyses");
        new TreeSet<>(c.analyses()).forEach(a::add);
        return o;
    }

    private static JsonNode body(Context ctx) throws java.io.IOException {
        String b = ctx.body();
        return b.isBlank() ? JSON.createObjectNode() : JSON.readTree(b);
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(JSON.createObjectNode().put("error", message));
    }
}
