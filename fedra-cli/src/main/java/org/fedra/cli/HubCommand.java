package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fedra hub}: runs the hub, and the operator's commands against a running hub. */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = {"Runs the hub: the federation CA, the registry of nodes, the gRPC endpoint nodes connect to "
                + "(mutual TLS) and the HTTP API. The first start creates the data directory. Stops gracefully on SIGTERM or Ctrl-C."},
        subcommands = {HubCommand.Enrol.class, HubCommand.Nodes.class, HubCommand.CatalogCommand.class, HubSecurityCommands.Security.class, HubSecurityCommands.AlertsCommand.class,
                HubSecurityCommands.TopologyCommand.class, HubSecurityCommands.PathCommand.class,
                HubSecurityCommands.Reservations.class})
final class HubCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "fedra-hub", description = "Hub data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--grpc-port", defaultValue = "0", description = "Port for nodes; 0 = the port of the previous start, or a free one on the first.")
    int grpcPort;

    @Option(names = "--http-port", defaultValue = "0", description = "Port for the HTTP API; 0 = as for --grpc-port.")
    int httpPort;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--advertise-host", description = "Host name or address nodes use to reach the hub; put in its certificate. Repeatable.")
    List<String> advertiseHosts = new ArrayList<>();

    @Option(names = "--plain-http", description = "Serve the HTTP API as plain HTTP even when bound to a non-loopback address (only behind "
            + "a proxy that terminates TLS). Without it the API speaks TLS with the hub's certificate from the federation CA, unless bound to loopback.")
    boolean plainHttp;

    @Option(names = "--analysis-deadline", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long a node has for one analysis step (feasibility count, secure-sum step, PSI step) before it counts "
                    + "as failed, e.g. 60s, 10m; raise it for nodes with hundreds of thousands of patients (default: ${DEFAULT-VALUE}).")
    java.time.Duration analysisDeadline;

    @Option(names = "--study-rate-limit", defaultValue = "20",
            description = "How many studies one organisation may create within --study-rate-window; beyond it the hub answers 429 "
                    + "with the time the next one fits (default: ${DEFAULT-VALUE}).")
    int studyRateLimit;

    @Option(names = "--study-rate-window", defaultValue = "1h", converter = DurationConverter.class,
            description = "The sliding window of --study-rate-limit, e.g. 1h, 24h (default: ${DEFAULT-VALUE}).")
    java.time.Duration studyRateWindow;

    @Option(names = "--sign-in-config", paramLabel = "FILE", description = "OpenID Connect sign-in settings (a properties file) for the hub's "
            + "pages: the operator console at /operator, the researcher workspace at /research (default: no pages, the API answers the operator token).")
    java.nio.file.Path signInConfig;

    @Override
    public Integer call() throws Exception {
        if (grpcPort < 0 || grpcPort > 65535 || httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("ports must be between 0 and 65535");
        }
        org.fedra.hub.study.StudyRateLimit rateLimit;
        try {
            rateLimit = new org.fedra.hub.study.StudyRateLimit(studyRateLimit, studyRateWindow);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--study-rate-limit/--study-rate-window: " + e.getMessage());
        }
        Hub hub = Hub.start(HubConfig.defaults(dataDir).withStudyRateLimit(rateLimit).withPorts(grpcPort, httpPort).withBindAddress(bind).withAdvertiseHosts(advertiseHosts)
                .withAnalysisDeadline(analysisDeadline).withHttpSecurity(plainHttp ? HubConfig.HttpSecurity.PLAIN : HubConfig.HttpSecurity.AUTO)
                .withSignInConfig(signInConfig));
        System.out.println("fedra hub: nodes connect to port " + hub.grpcPort() + "; HTTP API at " + hub.apiUrl(advertiseHosts)
                + " (OpenAPI: /api/openapi.json" + (hub.httpTls() ? "; clients verify it with --ca " + dataDir.resolve("ca-cert.pem") : "")
                + "); operator token in " + dataDir.resolve("operator.token"));
        if (signInConfig != null) {
            String site = org.fedra.web.SignInSettings.load(signInConfig, org.fedra.web.SignInSettings.HUB_ROLES).origin();
            System.out.println("operator console at " + site + "/operator, researcher workspace at " + site + "/research");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    /** A host a client can use in the API's URL: the listen address, or for a wildcard one the advertised host (else localhost). */
    String clientHost() {
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind.contains(":") ? "[" + bind + "]" : bind;
        }
        return advertiseHosts.isEmpty() ? "localhost" : advertiseHosts.get(0);
    }

    /** Options to find a running hub's API. */
    static final class Target {
        @Option(names = "--data-dir", defaultValue = "fedra-hub", description = "The running hub's data directory (to find its port and operator token).")
        Path dataDir;

        @Option(names = "--hub-url", description = "The hub's HTTP API base URL, e.g. https://hub.example.org:8080 (default: from the data directory).")
        String hubUrl;

        @Option(names = "--ca", paramLabel = "FILE", description = "The federation CA certificate (the hub's ca-cert.pem) an https hub must "
                + "present a certificate of (default: ca-cert.pem of --data-dir when there is one).")
        Path ca;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Operator token, or - to read it from standard input (default: from the "
                + "data directory). A token on the command line is visible to other local users in the process list; prefer --token-file or -.")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the operator token (its first line).")
        Path tokenFile;

        HubClient client() {
            return HubClient.forDataDir(dataDir, hubUrl, OperatorToken.read(token, tokenFile, System.in), ca);
        }
    }

    @Command(name = "enrol", mixinStandardHelpOptions = true,
            description = "Creates a single-use, expiring enrolment token for an organisation and prints it. Give it to the hospital's node: fedra node --token ...")
    static final class Enrol implements Callable<Integer> {
        @Option(names = "--org", required = true, description = "The organisation (hospital) the node belongs to.")
        String organisation;

        @Option(names = "--valid-minutes", defaultValue = "60", description = "How long the token stays valid (default: ${DEFAULT-VALUE}).")
        long minutes;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            ObjectMapper json = JsonCodec.MAPPER;
            JsonNode r = target.client().post("/api/enrolments", json.createObjectNode().put("organisation", organisation).put("validMinutes", minutes));
            System.out.println(r.get("token").asText());
            System.err.println("token " + r.get("tokenId").asText() + " for " + r.get("organisation").asText() + ", single use, expires "
                    + r.get("expiresAt").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true, description = "Lists or revokes enrolled nodes.",
            subcommands = {Nodes.ListNodes.class, Nodes.Revoke.class})
    static final class Nodes {
        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists enrolled nodes with status and last-seen time.")
        static final class ListNodes implements Callable<Integer> {
            @picocli.CommandLine.Mixin
            Target target = new Target();

            @Override
            public Integer call() {
                JsonNode nodes = target.client().get("/api/nodes");
                TextTable t = TextTable.of("ID", "ORGANISATION", "STATUS", "LAST SEEN");
                for (JsonNode n : nodes) {
                    t.row(n.get("id").asText(), n.get("organisation").asText(), n.get("status").asText(), n.path("lastSeen").asText("never"));
                }
                t.print(System.out);
                return ExitCodes.OK;
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true,
                description = "Revokes a node: its connection is closed at once and it is refused from then on.")
        static final class Revoke implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "ID", description = "The node's id (see: fedra hub nodes list).")
            String id;

            @Option(names = "--reason", defaultValue = "revoked by the operator", description = "Why (recorded in the audit log and told to the node).")
            String reason;

            @picocli.CommandLine.Mixin
            Target target = new Target();

            @Override
            public Integer call() {
                ObjectMapper json = JsonCodec.MAPPER;
                JsonNode r = target.client().post("/api/nodes/" + id + "/revoke", json.createObjectNode().put("reason", reason));
                System.out.println(r.path("changed").asBoolean() ? "revoked " + id : id + " was already revoked");
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "catalog", mixinStandardHelpOptions = true,
            description = "Shows the federation's catalog: each node's latest data inventory (coarsened counts per resource type and code).")
    static final class CatalogCommand implements Callable<Integer> {
        @Option(names = "--resource-type", description = "Only counts of this FHIR resource type, e.g. Condition.")
        String resourceType;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode catalog = target.client().get("/api/catalog" + (resourceType == null ? ""
                    : "?resourceType=" + java.net.URLEncoder.encode(resourceType, java.nio.charset.StandardCharsets.UTF_8)));
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (catalog.isEmpty()) {
                out.println("no node has published an inventory yet (a node publishes when it starts, right after an import, "
                        + "and at most every --inventory-interval when its coarsened counts change)");
            }
            for (JsonNode n : catalog) {
                out.printf("%s (%s), last published %s, %d counts suppressed by the node%n", n.get("node").asText(),
                        n.path("organisation").asText(), n.path("takenAt").asText(), n.path("suppressed").asInt());
                TextTable t = TextTable.indented("  ", "RESOURCE TYPE", "CODE", ">RESOURCES", ">PATIENTS");
                for (JsonNode c : n.path("counts")) {
                    t.row(c.get("resourceType").asText(), c.has("code") ? c.path("system").asText() + "|" + c.get("code").asText() : "(all)",
                            c.path("resources").asLong(), c.path("patients").asLong());
                }
                t.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
