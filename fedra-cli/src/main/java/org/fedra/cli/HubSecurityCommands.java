package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fedra.protocol.json.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fedra hub security}, {@code fedra hub topology import}, {@code fedra hub path} (issue 15). */
final class HubSecurityCommands {
    private HubSecurityCommands() {
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static String source(Path file) {
        return URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8);
    }

    @Command(name = "security", mixinStandardHelpOptions = true, subcommands = {Security.Feed.class, Security.Minimum.class, Security.QuarantineList.class, Security.Release.class, Security.Resume.class},
            description = "Shows each network node's security index (DESIGN section 6), its findings and its trend.")
    static final class Security implements Callable<Integer> {
        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode nodes = target.client().get("/api/security");
            PrintWriter out = spec.commandLine().getOut();
            if (nodes.isEmpty()) {
                out.println("no node has reported its posture yet and no topology is imported");
            }
            TextTable t = TextTable.of("NODE", ">INDEX", ">FINDINGS", "TREND");
            for (JsonNode n : nodes) {
                StringBuilder trend = new StringBuilder();
                for (JsonNode h : n.path("trend")) {
                    trend.append(trend.length() == 0 ? "" : " -> ").append(String.format(Locale.ROOT, "%.2f", h.path("index").asDouble()));
                }
                t.row(n.get("node").asText(), String.format(Locale.ROOT, "%.2f", n.get("index").asDouble()), n.path("findings").size(), trend);
            }
            t.print(out);
            for (JsonNode n : nodes) {
                if (n.path("findings").isEmpty()) {
                    continue;
                }
                out.printf("%s%n", n.get("node").asText());
                TextTable f = TextTable.indented("  ", "VULNERABILITY", ">CVSS", "SOURCE", "REMEDIATION", ">RE", "EVIDENCE");
                for (JsonNode x : n.path("findings")) {
                    StringBuilder ev = new StringBuilder();
                    x.path("evidence").forEach(e -> ev.append(ev.length() == 0 ? "" : "; ").append(e.asText()));
                    f.row(x.get("vulnerability").asText(), x.path("cvss").asDouble(), x.path("scoreSource").asText(),
                            x.path("remediation").path("kind").asText(), x.path("remediation").path("level").asDouble(), ev);
                }
                f.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }

        @Command(name = "minimum", mixinStandardHelpOptions = true,
                description = "Sets the federation's minimum security index (0-100; 0: none). A node below is quarantined at once: no new "
                        + "tasks, its running tasks finish without it; it rejoins when its index recovers.")
        static final class Minimum implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "INDEX")
            double minimum;

            @Mixin
            HubCommand.Target target = new HubCommand.Target();

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                JsonNode r = target.client().put("/api/security/minimum", JsonCodec.MAPPER.createObjectNode().put("minimum", minimum));
                printQuarantine(r, spec.commandLine().getOut());
                return ExitCodes.OK;
            }
        }

        @Command(name = "quarantine", mixinStandardHelpOptions = true,
                description = "Lists the quarantined nodes: from the whole federation or from one study, and why.")
        static final class QuarantineList implements Callable<Integer> {
            @Mixin
            HubCommand.Target target = new HubCommand.Target();

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                printQuarantine(target.client().get("/api/security/quarantine"), spec.commandLine().getOut());
                return ExitCodes.OK;
            }
        }

        @Command(name = "release", mixinStandardHelpOptions = true,
                description = "Releases a node an alert's response quarantined (a quarantine for a low index ends when the index recovers).")
        static final class Release implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "NODE")
            String node;

            @Mixin
            HubCommand.Target target = new HubCommand.Target();

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                printQuarantine(target.client().post("/api/security/quarantine/" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "/release",
                        JsonCodec.MAPPER.createObjectNode()), spec.commandLine().getOut());
                return ExitCodes.OK;
            }
        }

        @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a study an alert's response suspended.")
        static final class Resume implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "STUDY")
            String study;

            @Mixin
            HubCommand.Target target = new HubCommand.Target();

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                target.client().post("/api/studies/" + URLEncoder.encode(study, StandardCharsets.UTF_8) + "/resume", JsonCodec.MAPPER.createObjectNode());
                spec.commandLine().getOut().println("study " + study + " resumed");
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
        }

        static void printQuarantine(JsonNode r, PrintWriter out) {
            double min = r.path("federationMinimum").asDouble();
            out.println(min > 0 ? String.format(Locale.ROOT, "federation minimum security index: %.2f", min) : "no federation minimum security index");
            if (r.path("quarantined").isEmpty()) {
                out.println("no node is quarantined");
            } else {
                TextTable t = TextTable.of("NODE", "SCOPE", "SINCE", "REASON");
                for (JsonNode q : r.path("quarantined")) {
                    t.row(q.path("node").asText(), q.path("scope").asText(), q.path("since").asText(), q.path("reason").asText());
                }
                t.print(out);
            }
            out.flush();
        }

        @Command(name = "feed", mixinStandardHelpOptions = true, subcommands = {Feed.Import.class}, description = "The vulnerability feed.")
        static final class Feed {
            @Command(name = "import", mixinStandardHelpOptions = true,
                    description = "Imports a vulnerability feed in OSV JSON (an advisory or an array of them); it replaces the feed in force, "
                            + "and every index is recomputed. A file that does not read changes nothing.")
            static final class Import implements Callable<Integer> {
                @Parameters(index = "0", paramLabel = "FILE")
                Path file;

                @Mixin
                HubCommand.Target target = new HubCommand.Target();

                @Spec
                CommandSpec spec;

                @Override
                public Integer call() {
                    JsonNode r = target.client().postBytes("/api/security/feed?source=" + source(file), read(file));
                    spec.commandLine().getOut().printf("imported %s: %d advisories (%d withdrawn)%n", r.path("source").asText(),
                            r.path("advisories").asInt(), r.path("withdrawn").asInt());
                    spec.commandLine().getOut().flush();
                    return ExitCodes.OK;
                }
            }
        }
    }

    @Command(name = "alerts", mixinStandardHelpOptions = true,
            description = "Lists the alerts of the hub's threat detections, newest first: bursts of failed authentications or enrolments, a revoked "
                    + "or quarantined node reconnecting, refused queries repeating for a study, outlier training updates, an audit log that "
                    + "fails verification; and the response taken (node quarantined, study suspended).")
    static final class AlertsCommand implements Callable<Integer> {
        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode alerts = target.client().get("/api/alerts");
            PrintWriter out = spec.commandLine().getOut();
            if (alerts.isEmpty()) {
                out.println("no alert");
            } else {
                TextTable t = TextTable.of(">ID", "RAISED", "KIND", "NODE", "STUDY", "DETAIL", "RESPONSE");
                for (JsonNode a : alerts) {
                    t.row(a.path("id").asLong(), a.path("raisedAt").asText(), a.path("kind").asText(), a.path("node").asText("-"),
                            a.path("study").asText("-"), a.path("detail").asText(), a.path("response").asText());
                }
                t.print(out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "topology", mixinStandardHelpOptions = true, subcommands = {TopologyCommand.Import.class},
            description = "The interconnection topology (routers, access nodes, hospitals, the hub and their links).")
    static final class TopologyCommand {
        @Command(name = "import", mixinStandardHelpOptions = true,
                description = "Imports a topology file; it replaces the topology in force. A file that does not read changes nothing.")
        static final class Import implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "FILE")
            Path file;

            @Mixin
            HubCommand.Target target = new HubCommand.Target();

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                JsonNode r = target.client().postBytes("/api/topology?source=" + source(file), read(file));
                spec.commandLine().getOut().printf("imported %s: %d network nodes, %d links%n", file.getFileName(), r.path("nodes").asInt(),
                        r.path("links").asInt());
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true,
            description = "Computes the least-delay path from one network node to another through links with the bandwidth and nodes "
                    + "at or above the security index, within the delay bound; or says which constraint cannot be met.")
    static final class PathCommand implements Callable<Integer> {
        @Option(names = "--from", required = true, description = "Source network node (topology id).")
        String from;

        @Option(names = "--to", required = true, description = "Destination network node.")
        String to;

        @Option(names = "--bandwidth", required = true, description = "Required bandwidth on every link, e.g. 100Mbit.")
        String bandwidth;

        @Option(names = "--max-delay", required = true, description = "Maximum end-to-end delay, e.g. 40ms.")
        String maxDelay;

        @Option(names = "--min-index", defaultValue = "0", description = "Minimum security index of every node on the path (0 to 100).")
        double minIndex;

        @Option(names = "--max-risk", description = "Least delay with the nodes' attack probabilities P_j summed along the path at most this "
                + "(multi-criteria variant), e.g. 0.2.")
        Double maxRisk;

        @Option(names = "--reserve", paramLabel = "ID", description = "Reserves the path's bandwidth under this id: kept, and rerouted or "
                + "flagged when an index or a link changes (fedra hub reservations).")
        String reserve;

        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var body = JsonCodec.MAPPER.createObjectNode().put("from", from).put("to", to).put("bandwidth", bandwidth).put("maxDelay", maxDelay)
                    .put("minIndex", minIndex);
            if (maxRisk != null) {
                body.put("maxRisk", maxRisk);
            }
            if (reserve != null) {
                body.put("reserve", reserve);
            }
            JsonNode r = target.client().post("/api/paths", body);
            PrintWriter out = spec.commandLine().getOut();
            if (!r.path("found").asBoolean()) {
                out.printf("no path (%s): %s%n", r.path("outcome").asText(), r.path("message").asText());
                out.flush();
                return ExitCodes.FAILURE;
            }
            out.printf("path from %s to %s, delay %s, attack probability %.4f%n", from, to, r.path("delay").asText(),
                    r.path("attackProbability").asDouble());
            TextTable t = TextTable.indented("  ", "NODE", ">INDEX");
            for (JsonNode n : r.path("nodes")) {
                t.row(n.path("id").asText(), String.format(Locale.ROOT, "%.2f", n.path("index").asDouble()));
            }
            t.print(out);
            if (r.has("reservation")) {
                out.printf("reserved as %s%n", r.get("reservation").asText());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "reservations", mixinStandardHelpOptions = true, subcommands = {Reservations.Release.class},
            description = "Lists the reserved paths; a flagged one lost its path and no other meets its request (it is retried on every change).")
    static final class Reservations implements Callable<Integer> {
        @Mixin
        HubCommand.Target target = new HubCommand.Target();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            print(target.client().get("/api/paths/reservations"), spec.commandLine().getOut());
            return ExitCodes.OK;
        }

        static void print(JsonNode list, PrintWriter out) {
            if (list.isEmpty()) {
                out.println("no reservations");
            }
            TextTable t = TextTable.of("ID", "FROM", "TO", ">BANDWIDTH", ">MIN INDEX", ">MAX RISK", "PATH");
            for (JsonNode r : list) {
                String path = r.path("found").asBoolean() ? String.join(" > ", r.path("nodes").findValuesAsText("id")) + " ("
                        + r.path("delay").asText() + ")" : "FLAGGED " + r.path("outcome").asText() + ": " + r.path("message").asText();
                t.row(r.path("id").asText(), r.path("from").asText(), r.path("to").asText(), r.path("bandwidth").asText(),
                        String.format(Locale.ROOT, "%.0f", r.path("minIndex").asDouble()), r.has("maxRisk") ? r.get("maxRisk").asText() : "-", path);
            }
            t.print(out);
            out.flush();
        }

        @Command(name = "release", mixinStandardHelpOptions = true, description = "Releases a reservation's bandwidth.")
        static final class Release implements Callable<Integer> {
            @Parameters(index = "0", paramLabel = "ID")
            String id;

            @Mixin
            HubCommand.Target target = new HubCommand.Target();

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                print(target.client().delete("/api/paths/reservations/" + URLEncoder.encode(id, StandardCharsets.UTF_8)), spec.commandLine().getOut());
                return ExitCodes.OK;
            }
        }
    }
}
