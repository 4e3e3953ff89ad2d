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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.FreeText;
import org.fedra.protocol.json.JsonNumbers;
import org.fedra.protocol.pki.EnrolmentToken;

/**
 * The hub's HTTP JSON API for people. Every route except health and the OpenAPI document needs a caller: the
 * operator's bearer token (every route), a personal API token or a signed-in browser session (the routes of its
 * roles, see {@link org.fedra.hub.web.RoutePolicy}). Errors are JSON
 * {@code {"error": "..."}} with a 4xx status that says whose fault it was.
 */
final class HubApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private final Hub hub;
    private final Javalin app;

    private HubApi(Hub hub, Javalin app) {
        this.hub = hub;
        this.app = app;
    }

    /** The largest request body, however it is sent (a model or package upload fits; 2 GB chunked does not). */
    static final long MAX_BODY = 64L << 20;

    /**
     * Starts the API.
     *
     * @param tls the hub's TLS context (its certificate from the federation CA), or null for plain HTTP
     */
    static HubApi start(Hub hub, String bindAddress, int port, javax.net.ssl.SSLContext tls) {
        return start(hub, bindAddress, port, tls, null, false, null, null);
    }

    /**
     * Starts the API and, when {@code signIn} is not null, the pages people sign in to through that OpenID Connect
     * provider (operator console, researcher workspace, personal API tokens).
     */
    static HubApi start(Hub hub, String bindAddress, int port, javax.net.ssl.SSLContext tls, org.fedra.web.OidcProvider signIn,
                        boolean demoSignIn, org.fedra.protocol.audit.AuditLog audit, javax.sql.DataSource db) {
        if (demoSignIn && port <= 0) throw new IllegalArgumentException("the demo sign-in needs the hub's HTTP API on a fixed port, not " + port);
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY;
            c.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.servlet.FilterHolder(
                    new org.fedra.protocol.http.RequestBodyLimit(MAX_BODY)), "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            if (tls != null) {
                c.jetty.addConnector((server, httpConfig) -> {
                    org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                    ssl.setSslContext(tls);
                    org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(server,
                            new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                            new org.eclipse.jetty.server.HttpConnectionFactory(httpConfig));
                    connector.setHost(bindAddress);
                    connector.setPort(port);
                    return connector;
                });
            }
        });
        HubApi api = new HubApi(hub, app);
        org.fedra.hub.web.ApiTokens tokens = db == null ? null : new org.fedra.hub.web.ApiTokens(db, java.time.Clock.systemUTC());
        org.fedra.hub.web.HubAccess access = demoSignIn
                ? org.fedra.hub.web.HubPages.registerForDemo(app, hub, java.net.URI.create((tls == null ? "http" : "https") + "://localhost:" + port),
                        audit, tokens, java.time.Clock.systemUTC())
                : signIn == null ? new org.fedra.hub.web.HubAccess(hub::operatorToken, tokens, null)
                : org.fedra.hub.web.HubPages.register(app, hub, signIn, audit, tokens, java.time.Clock.systemUTC());
        app.before("/api/*", access::check);
        app.get("/api/health", ctx -> ctx.json(JSON.createObjectNode().put("status", "ok")));
        app.get("/api/openapi.json", api::openApi);
        app.post("/api/enrolments", api::enrol);
        app.get("/api/nodes", api::listNodes);
        app.get("/api/nodes/{id}", api::getNode);
        app.post("/api/nodes/{id}/revoke", api::revoke);
        app.post("/api/tasks", api::runTask);
        app.get("/api/catalog", api::catalog);
        StudiesApi.register(app, hub.studies(), (node, study) -> hub.quarantine().refusal(node, study));
        AnalysesApi.register(app, hub.jobs());
        JobsApi.register(app, hub.jobs());
        TrainingApi.register(app, hub.training(), hub.models());
        SecurityApi.register(app, hub);
        app.exception(Failure.class, (e, ctx) -> error(ctx, HttpStatus.forStatus(HttpFailures.status(e.reason())), e.getMessage()));
        app.exception(org.fedra.hub.study.StudyRateLimitedException.class, (e, ctx) -> {
            // 429 rather than the 409 of other policy refusals: the same request succeeds unchanged once the window moves on
            var r = e.refusal();
            ctx.header("Retry-After", Long.toString(r.retryAfterSeconds()));
            ctx.status(HttpStatus.TOO_MANY_REQUESTS).json(JSON.createObjectNode().put("error", e.getMessage())
                    .put("organisation", e.organisation()).put("limit", r.limit().maxStudies()).put("windowSeconds", r.limit().window().toSeconds())
                    .put("resetsAt", r.resetsAt().toString()).put("retryAfterSeconds", r.retryAfterSeconds()));
        });
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(IOException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, "request body is not valid JSON: " + e.getMessage()));
        app.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) { // Javalin's own plain-text 404: no route matched
                error(ctx, HttpStatus.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path());
            }
        });
        app.start(bindAddress, port);
        return api;
    }

    int port() {
        return app.port();
    }

    void stop() {
        app.stop();
    }

    private void openApi(Context ctx) {
        ctx.contentType("application/json").result(OpenApiDocument.get().toString());
    }

    private void enrol(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        String org = FreeText.require("organisation", text(body, "organisation", true), Enrolments.MAX_ORGANISATION);
        long minutes = JsonNumbers.whole(body, "validMinutes", 60, 1, Enrolments.MAX_VALIDITY.toMinutes());
        EnrolmentToken t = hub.issueToken(org, Duration.ofMinutes(minutes));
        ctx.status(HttpStatus.CREATED).json(JSON.createObjectNode().put("token", t.encode()).put("tokenId", t.id())
                .put("organisation", t.organisation()).put("expiresAt", t.expiresAt().toString()).put("caFingerprint", t.caFingerprint()));
    }

    private void listNodes(Context ctx) {
        ArrayNode out = JSON.createArrayNode();
        hub.nodes().list().forEach(n -> out.add(node(n)));
        ctx.json(out);
    }

    private void getNode(Context ctx) {
        hub.nodes().find(ctx.pathParam("id")).ifPresentOrElse(n -> ctx.json(node(n)),
                () -> error(ctx, HttpStatus.NOT_FOUND, "no node " + ctx.pathParam("id") + " is enrolled"));
    }

    private void revoke(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        if (hub.nodes().find(id).isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "no node " + id + " is enrolled");
            return;
        }
        JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : body(ctx);
        String reason = body.hasNonNull("reason") ? FreeText.require("reason", body.get("reason").asText(), 500)
                : "revoked by the operator";
        boolean changed = hub.revoke(id, reason);
        ObjectNode out = node(hub.nodes().find(id).orElseThrow());
        out.put("changed", changed);
        ctx.json(out);
    }

    private void runTask(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        String type = text(body, "type", true);
        byte[] payload;
        if (body.hasNonNull("payloadBase64")) {
            payload = Base64.getDecoder().decode(body.get("payloadBase64").asText());
        } else {
            payload = body.path("payload").asText("").getBytes(StandardCharsets.UTF_8);
        }
        List<String> nodes = new ArrayList<>();
        if (body.has("nodes")) {
            body.get("nodes").forEach(n -> nodes.add(n.asText()));
        } else {
            hub.nodes().list().stream().filter(n -> !n.revoked()).forEach(n -> nodes.add(n.id()));
        }
        long seconds = JsonNumbers.whole(body, "deadlineSeconds", 30, 1, 3600);
        String jobId = body.path("jobId").asText("job-" + UUID.randomUUID().toString().substring(0, 8));
        List<TaskOutcome> outcomes = hub.tasks().submit(new TaskRequest(jobId, type, payload, nodes, Duration.ofSeconds(seconds)))
                .get(seconds + 10, TimeUnit.SECONDS);
        ArrayNode results = JSON.createArrayNode();
        for (TaskOutcome o : outcomes) {
            ObjectNode r = results.addObject().put("node", o.nodeId()).put("taskId", o.taskId()).put("ok", o.ok())
                    .put("millis", o.elapsed().toMillis());
            if (o.ok()) {
                r.put("resultBase64", Base64.getEncoder().encodeToString(o.result())).put("resultSize", o.result().length);
            } else {
                r.put("error", o.error());
            }
        }
        ctx.json(JSON.createObjectNode().put("jobId", jobId).set("results", results));
    }

    private void catalog(Context ctx) {
        String type = ctx.queryParam("resourceType");
        ArrayNode out = JSON.createArrayNode();
        for (Catalog.NodeInventory n : hub.catalog().list()) {
            ObjectNode o = out.addObject().put("node", n.nodeId()).put("organisation", n.organisation()).put("takenAt", n.takenAt().toString())
                    .put("receivedAt", n.receivedAt().toString()).put("suppressed", n.suppressed());
            ArrayNode counts = o.putArray("counts");
            for (Catalog.Count c : n.counts()) {
                if (type != null && !type.equals(c.resourceType())) {
                    continue;
                }
                ObjectNode e = counts.addObject().put("resourceType", c.resourceType());
                if (c.code() != null) {
                    e.put("system", c.system()).put("code", c.code());
                }
                e.put("resources", c.resources()).put("patients", c.patients());
            }
        }
        ctx.json(out);
    }

    private static ObjectNode node(NodeRecord n) {
        ObjectNode o = JSON.createObjectNode().put("id", n.id()).put("organisation", n.organisation()).put("status", n.status())
                .put("softwareVersion", n.softwareVersion()).put("enrolledAt", str(n.enrolledAt())).put("lastSeen", str(n.lastSeen()));
        if (n.revoked()) {
            o.put("revokedAt", str(n.revokedAt())).put("revocationReason", n.revocationReason());
        }
        return o;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static JsonNode body(Context ctx) throws IOException {
        JsonNode n = JSON.readTree(ctx.body());
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            if (required) {
                throw new IllegalArgumentException("field '" + field + "' is required and must be a non-empty string");
            }
            return null;
        }
        return v.asText();
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(JSON.createObjectNode().put("error", message));
    }
}
