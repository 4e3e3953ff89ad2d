package org.fedra.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import org.fedra.hub.network.PathRequest;
import org.fedra.hub.network.PathResult;
import org.fedra.hub.network.Reservation;
import org.fedra.hub.network.Topology;
import org.fedra.hub.network.Units;
import org.fedra.hub.security.SecurityBoard;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.protocol.failure.Failure;

/**
 * The operator's routes for continuous trust (issue 15): the security index of every network node with its findings
 * and trend, the vulnerability feed and topology imports, and secure path computation.
 */
final class SecurityApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecurityApi() {
    }

    static void register(Javalin app, Hub hub) {
        app.get("/api/security", ctx -> security(ctx, hub));
        app.post("/api/security/feed", ctx -> feed(ctx, hub));
        app.post("/api/topology", ctx -> topology(ctx, hub));
        app.post("/api/paths", ctx -> path(ctx, hub));
        app.get("/api/paths/reservations", ctx -> ctx.json(reservations(hub)));
        app.delete("/api/paths/reservations/{id}", ctx -> {
            hub.network().release(ctx.pathParam("id"));
            ctx.json(reservations(hub));
        });
        app.get("/api/security/quarantine", ctx -> ctx.json(quarantine(hub)));
        app.put("/api/security/minimum", ctx -> minimum(ctx, hub));
        app.get("/api/alerts", ctx -> ctx.json(alerts(hub)));
        app.post("/api/security/quarantine/{id}/release", ctx -> {
            hub.releaseNode(ctx.pathParam("id"), "the operator");
            ctx.json(quarantine(hub));
        });
        app.post("/api/studies/{id}/resume", ctx -> {
            if (!hub.alerts().resume(ctx.pathParam("id"), "the operator")) {
                throw Failure.notFound("study " + ctx.pathParam("id") + " is not suspended");
            }
            ctx.json(JSON.createObjectNode().put("study", ctx.pathParam("id")).put("suspended", false));
        });
    }

    /** The alerts, newest first. */
    static ArrayNode alerts(Hub hub) {
        ArrayNode out = JSON.createArrayNode();
        for (org.fedra.hub.security.Alerts.Alert a : hub.alerts().list(1000)) {
            out.addObject().put("id", a.id()).put("raisedAt", a.raisedAt().toString()).put("kind", a.kind().name()).put("node", a.nodeId())
                    .put("study", a.studyId()).put("detail", a.detail()).put("response", a.response());
        }
        return out;
    }

    /** The federation's minimum index and the quarantines in force. */
    static ObjectNode quarantine(Hub hub) {
        ObjectNode o = JSON.createObjectNode().put("federationMinimum", hub.quarantine().federationMinimum());
        ArrayNode q = o.putArray("quarantined");
        for (org.fedra.hub.security.Quarantine.Entry e : hub.quarantine().list()) {
            q.addObject().put("node", e.nodeId()).put("scope", e.scope().isEmpty() ? "federation" : e.scope()).put("reason", e.reason())
                    .put("since", e.since().toString());
        }
        return o;
    }

    /** Body: {"minimum": 70}; 0 removes the federation's minimum. */
    private static void minimum(Context ctx, Hub hub) throws IOException {
        JsonNode b = JSON.readTree(ctx.body());
        if (b == null || !b.isObject() || !b.path("minimum").isNumber()) {
            throw Failure.badInput("the body must be a JSON object {\"minimum\": N} with N from 0 to 100");
        }
        hub.setFederationMinimum(b.get("minimum").asDouble(), "the operator");
        ctx.json(quarantine(hub));
    }

    private static void security(Context ctx, Hub hub) {
        ArrayNode out = JSON.createArrayNode();
        for (SecurityBoard.NodeView v : hub.security().view()) {
            ObjectNode o = out.addObject().put("node", v.nodeId()).put("index", v.index());
            ArrayNode fs = o.putArray("findings");
            for (Finding f : v.findings()) {
                ObjectNode fo = fs.addObject().put("vulnerability", f.vulnerabilityId()).put("cvss", f.cvssBaseScore()).put("scoreSource", f.scoreSource())
                        .put("weight", f.weight());
                fo.putObject("remediation").put("kind", f.remediation().kind().name()).put("level", f.remediation().level())
                        .put("note", f.remediation().note());
                f.evidence().forEach(fo.putArray("evidence")::add);
            }
            ArrayNode trend = o.putArray("trend");
            for (SecurityBoard.HistoryEntry h : v.trend()) {
                trend.addObject().put("at", h.at().toString()).put("index", h.index()).put("findings", h.findings()).put("reason", h.reason());
            }
        }
        ctx.json(out);
    }

    private static String source(Context ctx, String fallback) {
        String s = ctx.queryParam("source");
        return s == null || s.isBlank() ? fallback : s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** Body: the OSV document itself (an advisory or an array of them). */
    private static void feed(Context ctx, Hub hub) {
        SecurityBoard.FeedImport r = hub.security().importFeed(source(ctx, "request body"), ctx.bodyAsBytes());
        ObjectNode o = JSON.createObjectNode().put("source", r.source()).put("advisories", r.advisories()).put("withdrawn", r.withdrawn());
        r.unsupportedEcosystems().forEach(o.putArray("unsupportedEcosystems")::add);
        ctx.json(o);
    }

    /** Body: the topology file itself. */
    private static void topology(Context ctx, Hub hub) {
        Topology t = hub.network().importTopology(source(ctx, "request body"), ctx.bodyAsBytes());
        ctx.json(JSON.createObjectNode().put("nodes", t.nodes().size()).put("links", t.links().size()));
    }

    /** The kept reservations, in the order they were made; a flagged one has no path and says why. */
    static ArrayNode reservations(Hub hub) {
        ArrayNode out = JSON.createArrayNode();
        for (Reservation r : hub.network().reservations()) {
            ObjectNode o = out.addObject().put("id", r.id()).put("from", r.request().source()).put("to", r.request().destination())
                    .put("bandwidth", Units.formatBandwidth(r.request().bandwidth())).put("maxDelay", Units.formatDelay(r.request().maxDelay()))
                    .put("minIndex", r.request().minIndex()).put("flagged", r.flagged());
            if (!Double.isNaN(r.maxRisk())) {
                o.put("maxRisk", r.maxRisk());
            }
            describe(o, r.path(), hub);
        }
        return out;
    }

    /**
     * Body: {"from", "to", "bandwidth": "100Mbit", "maxDelay": "40ms", "minIndex": 80}, optionally "maxRisk": 0.2 (least
     * delay with the summed attack probability at most this) and "reserve": "ID" (keep the path's bandwidth).
     */
    private static void path(Context ctx, Hub hub) throws IOException {
        JsonNode b = JSON.readTree(ctx.body());
        if (b == null || !b.isObject()) {
            throw Failure.badInput("the body must be a JSON object with from, to, bandwidth, maxDelay and minIndex");
        }
        for (String f : new String[] {"from", "to", "bandwidth", "maxDelay"}) {
            if (!b.hasNonNull(f) || !b.get(f).isTextual()) {
                throw Failure.badInput("'" + f + "' is required (a string" + (f.equals("bandwidth") ? ", e.g. \"100Mbit\")" : f.equals("maxDelay")
                        ? ", e.g. \"40ms\")" : ")"));
            }
        }
        if (b.has("minIndex") && !b.get("minIndex").isNumber()) {
            throw Failure.badInput("'minIndex' must be a number from 0 to 100");
        }
        if (b.has("maxRisk") && !b.get("maxRisk").isNumber()) {
            throw Failure.badInput("'maxRisk' must be a number >= 0 (the bound on the summed attack probability)");
        }
        if (b.has("reserve") && !b.get("reserve").isTextual()) {
            throw Failure.badInput("'reserve' must be a string: the id of the reservation");
        }
        PathRequest request = PathRequest.of(b.get("from").asText(), b.get("to").asText(), b.get("bandwidth").asText(), b.get("maxDelay").asText(),
                b.path("minIndex").asDouble(0));
        double maxRisk = b.has("maxRisk") ? b.get("maxRisk").asDouble() : Double.NaN;
        PathResult r = b.has("reserve") ? hub.network().reserve(b.get("reserve").asText(), request, maxRisk)
                : hub.network().route(request, maxRisk);
        ObjectNode o = JSON.createObjectNode();
        if (b.has("reserve") && r.found()) {
            o.put("reservation", b.get("reserve").asText());
        }
        describe(o, r, hub);
        ctx.json(o);
    }

    private static void describe(ObjectNode o, PathResult r, Hub hub) {
        o.put("outcome", r.outcome().name()).put("found", r.found()).put("message", r.message());
        if (r.delay() >= 0) {
            o.put("delayMicros", r.delay()).put("delay", Units.formatDelay(r.delay()));
        }
        if (r.found()) {
            o.put("attackProbability", r.attackProbability());
            ArrayNode nodes = o.putArray("nodes");
            var index = hub.network().index().indices();
            for (String n : r.nodes()) {
                nodes.addObject().put("id", n).put("index", index.getOrDefault(n, 100.0));
            }
            r.links().forEach(o.putArray("links")::add);
        }
    }
}
