package org.fedra.node.api;

import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.audit.AuditAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.fedra.node.consent.AccessLogEntry;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.InventoryEntry;
import org.fedra.node.inventory.InventorySnapshot;
import org.fedra.node.rights.ConsentRequest;
import org.fedra.node.rights.ConsentRequestDecidedException;
import org.fedra.node.rights.ErasureReceipt;
import org.fedra.node.rights.UnknownConsentRequestException;
import org.fedra.node.rights.UnknownPatientException;
import org.fedra.node.study.ContractBook;
import org.fedra.protocol.audit.AuditLog;

/**
 * The node's local HTTP API for the hospital's data steward: a patient's rights (access log, withdrawal,
 * export, erasure, the consent inbox: requests from studies that would need the patient's consent, accepted or
 * declined) and the node's inventory. Bound to loopback by default; every route needs the steward's
 * bearer token from {@code steward.token} in the node's data directory. Patients are named by their hospital
 * identifier {@code SYSTEM|VALUE} (URL-encoded in the path), which only the node can map to its pseudonym.
 * Errors are JSON {@code {"error": "..."}}: 400 for bad input, 401 without the token, 404 for an unknown patient or
 * consent request, 409 for a consent request already decided.
 */
public final class NodeApi {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final String ORGANISATION_ID = "[A-Za-z0-9\\-.]{1,64}";

    private final NodeDataLayer data;
    private final AuditLog audit;
    private final String token;
    private final Javalin app;
    /** The stewards' personal API tokens, each allowed only its scopes. */
    private final ApiTokens tokens;
    /** The steward console's pages, when the node serves them (for the node's status, known once the runtime is up). */
    private volatile org.fedra.node.web.StewardPages stewardPages;
    /** Publishes the inventory after an import; set by the node once its connection to the hub exists. */
    private volatile java.util.function.BooleanSupplier publishAfterImport;
    /** The node's package outputs, listed with the runs in a patient's access log; null on a node without them. */
    private volatile org.fedra.node.sandbox.NodePackages packages;
    /** Sends the posture after the steward changed a remediation; set by the node once its reporter exists. */
    private volatile Runnable postureNow = () -> { };

    private NodeApi(NodeDataLayer data, AuditLog audit, String token, Javalin app) {
        this.tokens = new ApiTokens(data.store().dataSource(), java.time.Clock.systemUTC());
        this.data = data;
        this.audit = audit;
        this.token = token;
        this.app = app;
    }

    /**
     * Starts the API; creates the steward token in {@code dataDir} on first start.
     *
     * @param port 0 for a free port
     */
    /** The largest request body the steward's API reads, however it is sent. */
    public static final long MAX_BODY = 1L << 20;

    public static NodeApi start(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port) {
        return start(data, dataDir, audit, bind, port, null);
    }

    /**
     * Starts the API with the steward's contract approvals when {@code contracts} is not null, and records where it
     * listens in {@code api.json} so that the steward's CLI finds it.
     */
    public static NodeApi start(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port, ContractBook contracts) {
        return start(data, dataDir, audit, bind, port, contracts, (org.fedra.node.sandbox.NodePackages) null, null);
    }

    /** As above, with the steward's package approvals and release queue when {@code packages} is not null. */
    public static NodeApi start(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port, ContractBook contracts,
                                org.fedra.node.sandbox.NodePackages packages) {
        return start(data, dataDir, audit, bind, port, contracts, packages, null);
    }

    /**
     * Starts the API and, when {@code signIn} is not null, the pages people sign in to through that OpenID Connect
     * provider (the patient portal) on the same server.
     */
    public static NodeApi start(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port, ContractBook contracts,
                                org.fedra.web.OidcProvider signIn) {
        return start(data, dataDir, audit, bind, port, contracts, null, signIn);
    }

    /** The API with package approvals and releases ({@code packages}) and the sign-in pages ({@code signIn}), each when not null. */
    public static NodeApi start(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port, ContractBook contracts,
                                org.fedra.node.sandbox.NodePackages packages, org.fedra.web.OidcProvider signIn) {
        return start(data, dataDir, audit, bind, port, contracts, packages, signIn, false);
    }

    /**
     * For {@code fedra demo --keep} only: the API and the node's pages with the demo's sign-in (choose who you are, no
     * provider) at {@code http://localhost:port}; {@code port} must be a fixed port, since the pages' origin is checked.
     */
    public static NodeApi startWithDemoSignIn(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port, ContractBook contracts,
                                              org.fedra.node.sandbox.NodePackages packages) {
        if (port <= 0) throw new IllegalArgumentException("the demo sign-in needs the API on a fixed port, not " + port);
        return start(data, dataDir, audit, bind, port, contracts, packages, null, true);
    }

    private static NodeApi start(NodeDataLayer data, Path dataDir, AuditLog audit, String bind, int port, ContractBook contracts,
                                 org.fedra.node.sandbox.NodePackages packages, org.fedra.web.OidcProvider signIn, boolean demoSignIn) {
        String token = StewardToken.loadOrCreate(dataDir);
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = MAX_BODY;
            // Javalin's limit sees Content-Length only; a chunked body is bounded on the stream (issue 18 finding 11)
            c.jetty.modifyServletContextHandler(h -> h.addFilter(new org.eclipse.jetty.servlet.FilterHolder(
                    new org.fedra.protocol.http.RequestBodyLimit(MAX_BODY)), "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
        });
        NodeApi api = new NodeApi(data, audit, token, app);
        app.before("/api/*", api::authenticate);
        app.get("/api/inventory", api::inventory);
        app.post("/api/inventory/publish", api::publishAfterImport);
        app.get("/api/patients/{identifier}/access-log", api::accessLog);
        app.post("/api/patients/{identifier}/withdraw", api::withdraw);
        app.get("/api/patients/{identifier}/export", api::export);
        app.delete("/api/patients/{identifier}", api::erase);
        app.get("/api/patients/{identifier}/consent-requests", api::consentRequests);
        app.post("/api/patients/{identifier}/consent-requests/{requestId}/accept", ctx -> api.decideConsentRequest(ctx, true));
        app.post("/api/patients/{identifier}/consent-requests/{requestId}/decline", ctx -> api.decideConsentRequest(ctx, false));
        if (contracts != null) {
            ApprovalsApi.register(app, contracts, audit);
            PolicyApi.register(app, new org.fedra.node.study.PolicyReload(dataDir, contracts, data.consentEngine(), audit), dataDir);
        }
        if (packages != null) PackagesApi.register(app, packages);
        api.packages = packages;
        if (signIn != null || demoSignIn) {
            org.fedra.node.web.PatientPortal portal = demoSignIn
                    ? org.fedra.node.web.DemoSignIn.register(app, java.net.URI.create("http://localhost:" + port), data, audit, java.time.Clock.systemUTC(), contracts)
                    : org.fedra.node.web.PatientPortal.register(app, signIn, data, audit, java.time.Clock.systemUTC(), contracts);
            if (contracts != null) {
                api.stewardPages = org.fedra.node.web.StewardPages.register(app, portal, data, dataDir, audit,
                        new org.fedra.node.study.PolicyReload(dataDir, contracts, data.consentEngine(), audit), api.tokens, java.time.Clock.systemUTC());
            }
        }
        RemediationsApi.register(app, new org.fedra.node.posture.StewardRemediations(dataDir, audit), () -> api.postureNow.run());
        BudgetsApi.register(app, org.fedra.node.pipeline.TaskPipeline.ledger(data.store().dataSource(), java.time.Clock.systemUTC(), dataDir));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(IOException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, "request body is not valid JSON: " + e.getMessage()));
        app.exception(UnknownPatientException.class, (e, ctx) -> error(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        app.exception(UnknownConsentRequestException.class, (e, ctx) -> error(ctx, HttpStatus.NOT_FOUND, e.getMessage()));
        app.exception(ConsentRequestDecidedException.class, (e, ctx) -> error(ctx, HttpStatus.CONFLICT, e.getMessage()));
        app.error(404, ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json") && !type.startsWith("text/html")) {
                error(ctx, HttpStatus.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path());
            }
        });
        app.start(bind, port);
        ApiEndpoint.record(dataDir, bind, app.port());
        return api;
    }

    /** What {@code POST /api/inventory/publish} does: the node publishes its inventory if the counts changed. */
    /** Sets how a steward's remediation change reaches the hub (the node sends a posture at once). */
    public void sendPostureWith(Runnable send) {
        this.postureNow = send;
    }

    public void publishInventoryWith(java.util.function.BooleanSupplier publish) {
        this.publishAfterImport = publish;
    }

    private void publishAfterImport(Context ctx) {
        java.util.function.BooleanSupplier p = publishAfterImport;
        if (p == null) {
            error(ctx, HttpStatus.CONFLICT, "this node does not publish an inventory");
            return;
        }
        boolean published;
        try {
            published = p.getAsBoolean();
        } catch (RuntimeException e) {
            error(ctx, HttpStatus.CONFLICT, "the inventory could not be sent to the hub now (" + e.getMessage() + "); the node retries on its interval");
            return;
        }
        ctx.json(JSON.createObjectNode().put("published", published));
    }

    /** Where the steward console's status page reads the node's connection and certificate (no-op without the console). */
    public void nodeStatusFrom(java.util.function.Supplier<org.fedra.node.web.NodeStatus> status) {
        org.fedra.node.web.StewardPages p = stewardPages;
        if (p != null) p.statusFrom(status);
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        org.fedra.node.web.StewardPages p = stewardPages;
        if (p != null) p.close();
        app.stop();
    }

    private void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        String expected = "Bearer " + token;
        if (header != null && header.startsWith("Bearer " + ApiTokens.PREFIX)) {
            // a steward's personal token: only the routes its scopes name
            java.util.Optional<ApiTokens.Token> personal = tokens.authenticate(header.substring("Bearer ".length()));
            if (personal.isPresent()) {
                java.util.Optional<ApiScope> needed = ApiScope.required(ctx.method().name(), ctx.path());
                if (needed.isEmpty() || !personal.get().scopes().contains(needed.get())) {
                    error(ctx, HttpStatus.FORBIDDEN, "the API token '" + personal.get().name() + "' may not " + ctx.method() + " " + ctx.path()
                            + (needed.isEmpty() ? " (only the steward token may)" : " (it needs the scope " + needed.get().code() + ")"));
                    ctx.skipRemainingHandlers();
                }
                return;
            }
        }
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, HttpStatus.UNAUTHORIZED, "missing or wrong steward token (Authorization: Bearer <token from the node's "
                    + StewardToken.FILE + ">)");
            ctx.skipRemainingHandlers();
        }
    }

    private void inventory(Context ctx) {
        InventorySnapshot s = data.inventory().snapshot();
        ObjectNode o = JSON.createObjectNode().put("takenAt", s.takenAt().toString()).put("suppressed", s.suppressed());
        ArrayNode entries = o.putArray("entries");
        for (InventoryEntry e : s.entries()) {
            ObjectNode n = entries.addObject().put("resourceType", e.resourceType());
            if (e.code() != null) {
                n.put("system", e.system()).put("code", e.code());
            }
            n.put("resources", e.resources()).put("patients", e.patients());
        }
        ctx.json(o);
    }

    private void accessLog(Context ctx) {
        String patient = patient(ctx);
        ArrayNode out = JSON.createArrayNode();
        for (AccessLogEntry e : data.rights().accessLog(patient)) {
            ObjectNode entry = out.addObject().put("taskId", e.taskId()).put("study", e.studyId()).put("purpose", e.purpose())
                    .put("organisation", e.organisation()).put("accessedAt", e.accessedAt().toString());
            org.fedra.node.sandbox.NodePackages p = packages;
            if (p != null) {
                // a package run read the patient's data: what it released (or what waits, or was rejected) is listed with it
                var outputs = p.releases().ofRun(e.taskId());
                if (!outputs.isEmpty()) {
                    ArrayNode a = entry.putArray("packageOutputs");
                    for (var o : outputs) {
                        a.addObject().put("file", o.file()).put("kind", o.kind().code()).put("status", o.status()).put("package", o.packageHash().value())
                                .put("decidedBy", o.decidedBy()).put("decidedAt", o.decidedAt() == null ? null : o.decidedAt().toString());
                    }
                }
            }
        }
        ctx.json(out);
    }

    private void withdraw(Context ctx) throws IOException {
        String patient = patient(ctx);
        JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(ctx.body());
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object (fields purpose and organisation, both optional)");
        }
        Purpose purpose = null;
        if (body.hasNonNull("purpose")) {
            String p = body.get("purpose").asText();
            if (!body.get("purpose").isTextual() || p.isBlank() || p.startsWith("|") || p.endsWith("|")) {
                throw new IllegalArgumentException("purpose must be SYSTEM|CODE or an ActReason code such as HRESCH, not '" + p + "'");
            }
            purpose = Purpose.parse(p);
        }
        String organisation = null;
        if (body.hasNonNull("organisation")) {
            organisation = body.get("organisation").asText();
            if (!body.get("organisation").isTextual() || !organisation.matches(ORGANISATION_ID)) {
                throw new IllegalArgumentException("organisation must be an Organization id (1-64 of A-Z a-z 0-9 - .), not '" + organisation + "'");
            }
        }
        String consentId = data.rights().withdraw(patient, purpose, organisation);
        audit.append(AuditAction.PATIENT_WITHDRAWAL, "consent " + consentId + (purpose == null ? "" : ", purpose " + purpose)
                + (organisation == null ? "" : ", organisation " + organisation));
        ObjectNode o = JSON.createObjectNode().put("consent", "Consent/" + consentId);
        o.put("purpose", purpose == null ? "all research" : purpose.toString()).put("organisation", organisation == null ? "all" : organisation);
        ctx.status(HttpStatus.CREATED).json(o);
    }

    private void export(Context ctx) {
        String patient = patient(ctx);
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(data.rights().export(patient));
        audit.append(AuditAction.PATIENT_EXPORT, "one patient's data exported through the steward API");
        ctx.contentType("application/fhir+json").result(bundle);
    }

    private void erase(Context ctx) {
        String patient = patient(ctx);
        ErasureReceipt r = data.rights().erase(patient);
        audit.append(AuditAction.PATIENT_ERASURE, "erasure " + r.erasureId() + ": " + r.resourcesRemoved() + " resources, " + r.objectsRemoved()
                + " objects removed; studies " + r.studies());
        ObjectNode o = JSON.createObjectNode().put("erasureId", r.erasureId()).put("erasedAt", r.erasedAt().toString())
                .put("resourcesRemoved", r.resourcesRemoved()).put("objectsRemoved", r.objectsRemoved());
        ArrayNode studies = o.putArray("studies");
        r.studies().forEach(studies::add);
        ctx.json(o);
    }

    private void consentRequests(Context ctx) {
        String patient = patient(ctx);
        ArrayNode out = JSON.createArrayNode();
        data.consentInbox().of(patient).forEach(r -> out.add(consentRequest(r)));
        ctx.json(out);
    }

    private void decideConsentRequest(Context ctx, boolean accept) {
        String patient = patient(ctx);
        String requestId = ctx.pathParam("requestId");
        ConsentRequest r = accept ? data.consentInbox().accept(patient, requestId) : data.consentInbox().decline(patient, requestId);
        audit.append(accept ? AuditAction.PATIENT_CONSENT_GRANTED : AuditAction.PATIENT_CONSENT_DECLINED, "consent request " + r.id() + " of study "
                + r.studyId() + " (" + r.purpose() + ", " + r.organisation() + ")");
        ctx.json(consentRequest(r));
    }

    private static ObjectNode consentRequest(ConsentRequest r) {
        ObjectNode o = JSON.createObjectNode().put("id", r.id()).put("study", r.studyId()).put("purpose", r.purpose().toString())
                .put("organisation", r.organisation()).put("status", r.status()).put("createdAt", r.createdAt().toString());
        o.put("decidedAt", r.decidedAt() == null ? null : r.decidedAt().toString());
        return o;
    }

    /** The pseudonymous id of the patient the path names, or a 400/404. */
    private String patient(Context ctx) {
        String identifier = ctx.pathParam("identifier");
        if (!identifier.startsWith("Patient/") && (identifier.indexOf('|') <= 0 || identifier.endsWith("|"))) {
            throw new IllegalArgumentException("the patient must be named by a hospital identifier SYSTEM|VALUE (URL-encoded), not '" + identifier + "'");
        }
        return data.rights().findPatient(identifier)
                .orElseThrow(() -> new UnknownPatientException("no patient with identifier " + identifier + " on this node"));
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(JSON.createObjectNode().put("error", message));
    }
}
