package org.fedra.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.AnalysisTypes;
import org.fedra.protocol.json.JsonCodec;

/**
 * The hub's API document: the hand-written routes of {@code openapi.json}, plus one
 * {@code POST /api/studies/{id}/analyses/{type}} per registered analysis type (its description and example come from
 * the type; its request schema from the older route's, where there is one) and the job routes.
 */
final class OpenApiDocument {
    private static final ObjectNode DOCUMENT = build();

    private OpenApiDocument() {}

    static ObjectNode get() {
        return DOCUMENT;
    }

    private static ObjectNode build() {
        ObjectNode doc;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            doc = (ObjectNode) JsonCodec.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the hub's openapi.json is missing from its jar", e);
        }
        ObjectNode paths = (ObjectNode) doc.get("paths");
        ObjectNode schemas = (ObjectNode) doc.with("components").with("schemas");
        schemas.set("Job", jobSchema());
        for (AnalysisType<?> type : AnalysisTypes.all()) {
            paths.set("/api/studies/{id}/analyses/" + type.name(), analysisRoute(type, paths.path("/api/studies/{id}/" + type.name())));
        }
        paths.set("/api/jobs", JsonCodec.object().set("get", route("Analysis jobs, newest first (of one study with ?study=ID).",
                null, "200", "the jobs", JsonCodec.object().put("type", "array").set("items", ref("Job")))));
        paths.set("/api/jobs/{id}", JsonCodec.object().set("get", route("One job: state (queued, running, succeeded, failed, cancelled),"
                + " progress, the released result once it succeeded, the failure with its reason.", idParameter("the job id"), "200", "the job", ref("Job"))));
        paths.set("/api/jobs/{id}/events", JsonCodec.object().set("get", route("The job's events as server-sent events (send Accept: text/event-stream):"
                + " event names state, progress, step (a secure-sum step) and node (a node's progress on its task); data is a JSON object"
                + " {sequence, at, kind, state, done, total, message, step?, node?}. Past events come first; the stream ends with the"
                + " event of the job's last state.", idParameter("the job id"), "200", "the event stream", JsonCodec.object().put("type", "string"))));
        paths.set("/api/jobs/{id}/cancel", JsonCodec.object().set("post", route("Cancels a job: every node working on one of its tasks is"
                + " told to stop and nothing more of it is released. Body (optional): {\"reason\": \"...\"}. 409 when the job is over or"
                + " already released its result.", idParameter("the job id"), "200", "the job, cancelled", ref("Job"))));
        return doc;
    }

    private static ObjectNode analysisRoute(AnalysisType<?> type, JsonNode alias) {
        ObjectNode post = route("Runs " + type.name() + " as a job: " + type.description() + ". The request is checked first (400 naming"
                + " the JSON path; no job is made); 202 with the job, whose result is the released figures, recorded with the study."
                + (alias.isMissingNode() ? "" : " POST /api/studies/{id}/" + type.name() + " is the older route: it runs the job and waits."),
                idParameter("the study id"), "202", "the job", ref("Job"));
        JsonNode aliasSchema = alias.path("post").path("requestBody").path("content").path("application/json").path("schema");
        ObjectNode media = post.putObject("requestBody").put("required", true).putObject("content").putObject("application/json");
        media.set("schema", aliasSchema.isMissingNode() ? JsonCodec.object().put("type", "object") : aliasSchema);
        media.set("example", type.example());
        return JsonCodec.object().set("post", post);
    }

    private static ObjectNode route(String summary, ArrayNode parameters, String status, String description, JsonNode schema) {
        ObjectNode r = JsonCodec.object().put("summary", summary);
        if (parameters != null) r.set("parameters", parameters);
        ObjectNode responses = r.putObject("responses");
        responses.putObject(status).put("description", description).putObject("content").putObject("application/json").set("schema", schema);
        responses.putObject("404").put("description", "no such study or job").putObject("content").putObject("application/json")
                .set("schema", ref("Error"));
        return r;
    }

    private static ArrayNode idParameter(String description) {
        ArrayNode a = JsonCodec.array();
        a.addObject().put("name", "id").put("in", "path").put("required", true).put("description", description)
                .putObject("schema").put("type", "string");
        return a;
    }

    private static ObjectNode ref(String schema) {
        return JsonCodec.object().put("$ref", "#/components/schemas/" + schema);
    }

    private static ObjectNode jobSchema() {
        ObjectNode s = JsonCodec.object().put("type", "object");
        ObjectNode p = s.putObject("properties");
        p.putObject("jobId").put("type", "string");
        p.putObject("study").put("type", "string");
        p.putObject("analysis").put("type", "string");
        p.putObject("state").put("type", "string").set("enum", JsonCodec.array().add("queued").add("running").add("succeeded").add("failed").add("cancelled"));
        p.putObject("progress").put("type", "object").put("description", "{done, total (0: unknown), message}");
        p.putObject("request").put("type", "object").put("description", "the analysis request as submitted");
        p.putObject("result").put("type", "object").put("description", "the released figures, once the job succeeded");
        p.putObject("failure").put("type", "object").put("description", "{reason, message}: reason is bad_input, not_found, conflict,"
                + " refused_by_policy, consent, disclosure, node_offline, cancelled or internal");
        p.putObject("links").put("type", "object");
        return s;
    }
}
