package org.fedra.hub;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fedra.hub.study.ContractState;
import org.fedra.hub.study.Release;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyRequest;
import org.fedra.hub.study.StudyService;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.study.Purpose;

/**
 * Study routes of the hub API: {@code POST /api/studies} proposes a study to its nodes and answers with every node's
 * contract decision; {@code GET /api/studies[/{id}]}; {@code POST /api/studies/{id}/refresh} asks undecided nodes
 * again; {@code GET /api/studies/{id}/releases} lists what was released for the study.
 */
final class StudiesApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private StudiesApi() {}

    static void register(Javalin app, StudyService studies) {
        register(app, studies, (node, study) -> java.util.Optional.empty());
    }

    /** @param quarantine why a node may not take part in a study now (it is quarantined), shown beside its contract */
    static void register(Javalin app, StudyService studies, Quarantined quarantine) {
        java.util.function.Function<Study, ObjectNode> json = s -> json(s, quarantine);
        app.post("/api/studies", ctx -> ctx.status(HttpStatus.CREATED).json(json.apply(studies.create(request(body(ctx))))));
        app.get("/api/studies", ctx -> {
            ArrayNode out = JSON.createArrayNode();
            studies.list().forEach(s -> out.add(json.apply(s)));
            ctx.json(out);
        });
        app.get("/api/studies/{id}", ctx -> ctx.json(json.apply(studies.find(ctx.pathParam("id"))
                .orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no study " + ctx.pathParam("id"))))));
        app.post("/api/studies/{id}/refresh", ctx -> ctx.json(json.apply(studies.refresh(ctx.pathParam("id")))));
        app.get("/api/studies/{id}/releases", ctx -> {
            String id = ctx.pathParam("id");
            studies.find(id).orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no study " + id));
            ArrayNode out = JSON.createArrayNode();
            for (Release r : studies.releases(id)) {
                out.addObject().put("sequence", r.sequence()).put("analysis", r.analysis()).put("summary", r.summary())
                        .put("releasedAt", r.releasedAt().toString()).set("figures", JSON.readTree(r.figures()));
            }
            ctx.json(out);
        });
    }

    /** A study request from JSON; errors name the field. */
    static StudyRequest request(JsonNode b) {
        String title = text(b, "title");
        String purposeText = text(b, "purpose");
        Purpose purpose;
        try {
            purpose = Purpose.parse(purposeText);
        } catch (IllegalArgumentException e) {
            throw new StudyException(FailureReason.BAD_INPUT, "purpose: " + e.getMessage());
        }
        String organisation = text(b, "organisation");
        List<String> nodes = new ArrayList<>(strings(b, "nodes"));
        Set<String> analyses = strings(b, "analyses");
        JsonNode partial = b.path("allowPartial");
        if (!partial.isMissingNode() && !partial.isBoolean()) {
            throw new StudyException(FailureReason.BAD_INPUT, "allowPartial must be true or false");
        }
        JsonNode minimum = b.path("minSecurityIndex");
        if (!minimum.isMissingNode() && !(minimum.isNumber() && minimum.asDouble() >= 0 && minimum.asDouble() <= 100)) {
            throw new StudyException(FailureReason.BAD_INPUT, "minSecurityIndex must be a number from 0 to 100 (the security index's scale), not " + minimum);
        }
        return new StudyRequest(title, purpose, organisation, nodes, analyses, partial.asBoolean(false), minimum.asDouble(0));
    }

    /** Why a node may not take part in a study now, or empty. */
    @FunctionalInterface
    interface Quarantined {
        java.util.Optional<String> refusal(String nodeId, String studyId);
    }

    static ObjectNode json(Study s) {
        return json(s, (node, study) -> java.util.Optional.empty());
    }

    static ObjectNode json(Study s, Quarantined quarantine) {
        ObjectNode o = JSON.createObjectNode().put("id", s.id()).put("title", s.title()).put("purpose", s.purpose().toString())
                .put("organisation", s.organisation()).put("allowPartial", s.allowPartial()).put("createdAt", s.createdAt().toString())
                .put("minSecurityIndex", s.minimumSecurityIndex());
        ArrayNode a = o.putArray("analyses");
        new TreeSet<>(s.analyses()).forEach(a::add);
        ArrayNode cs = o.putArray("contracts");
        for (ContractState c : s.contracts()) {
            ObjectNode co = cs.addObject().put("node", c.nodeId()).put("status", c.status()).put("reason", c.reason())
                    .put("decidedAt", c.decidedAt() == null ? null : c.decidedAt().toString());
            quarantine.refusal(c.nodeId(), s.id()).ifPresent(why -> co.put("quarantined", why));
        }
        return o;
    }

    private static JsonNode body(Context ctx) throws IOException {
        JsonNode b = JSON.readTree(ctx.body());
        if (b == null || !b.isObject()) {
            throw new StudyException(FailureReason.BAD_INPUT, "the request body must be a JSON object");
        }
        return b;
    }

    private static String text(JsonNode b, String field) {
        if (!b.path(field).isTextual() || b.get(field).asText().isBlank()) {
            throw new StudyException(FailureReason.BAD_INPUT, field + " is required (a non-empty string)");
        }
        return b.get(field).asText();
    }

    private static Set<String> strings(JsonNode b, String field) {
        JsonNode a = b.path(field);
        if (!a.isArray()) {
            throw new StudyException(FailureReason.BAD_INPUT, field + " is required (an array of strings)");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual()) {
                throw new StudyException(FailureReason.BAD_INPUT, field + "[" + i + "] must be a string");
            }
            if (!out.add(a.get(i).asText())) {
                throw new StudyException(FailureReason.BAD_INPUT, field + "[" + i + "]: " + a.get(i).asText() + " is listed twice");
            }
        }
        return out;
    }
}
