package org.fedra.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.hub.NodeRecord;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedra demo}: a hub and three hospitals on loopback, end to end. Each stage is a method so
 * later features (onboarding, a study, analytics, training) add stages here.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs a hub and three synthetic hospitals (A, B, C) on loopback in a temporary directory: enrolment over "
                + "mutual TLS, a task round trip to every hospital, the registry, and the audit logs verified.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> HOSPITALS = List.of("Hospital A", "Hospital B", "Hospital C");

    @Option(names = "--dir", description = "Directory to run in (default: a new temporary directory).")
    Path dir;

    @Option(names = "--keep", description = "Keep the directory afterwards (to inspect data directories and audit logs).")
    boolean keep;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("fedra-demo-");
        long start = System.nanoTime();
        out.println("Fedra demo in " + root);
        List<NodeAgent> nodes = new ArrayList<>();
        Hub hub = null;
        try {
            hub = stage("1/4", "Starting the hub (creates the federation CA and its database)", () -> Hub.start(
                    HubConfig.defaults(root.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofSeconds(1))));
            out.printf("      nodes connect to 127.0.0.1:%d, HTTP API on port %d%n", hub.grpcPort(), hub.httpPort());
            enrol(hub, root, nodes);
            roundTrip(hub, nodes);
            boolean intact = verifyAudit(root, hub, nodes);
            out.printf("%nDone in %.1f s. %s%n", (System.nanoTime() - start) / 1e9,
                    keep || dir != null ? "Data directories kept in " + root : "(run with --keep to inspect the data directories)");
            return intact ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            nodes.forEach(NodeAgent::close);
            if (hub != null) {
                hub.close();
            }
            if (!keep && dir == null) {
                deleteTree(root);
            }
        }
    }

    private void enrol(Hub hub, Path root, List<NodeAgent> nodes) throws Exception {
        out.println("[2/4] Enrolling three hospitals: single-use token -> CSR over TLS pinned to the CA -> certificate -> mutual TLS");
        int i = 0;
        for (String name : HOSPITALS) {
            String token = hub.issueToken(name, Duration.ofMinutes(10)).encode();
            NodeAgent n = NodeAgent.start(NodeConfig.of(root.resolve("node-" + (char) ('a' + i++)), "localhost:" + hub.grpcPort(), token)
                    .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)), TaskHandlers.withBuiltIns());
            nodes.add(n);
            if (!n.awaitConnected(Duration.ofSeconds(30))) {
                throw new IllegalStateException(name + " did not connect to the hub within 30 s");
            }
            out.printf("      %s %-11s enrolled as %s, connected%n", progress(i, HOSPITALS.size()), name, n.nodeId());
        }
    }

    private void roundTrip(Hub hub, List<NodeAgent> nodes) throws Exception {
        out.println("[3/4] A task round trip to every hospital (type 'echo', 1 MiB payload, chunked over the channel)");
        byte[] payload = new byte[1 << 20];
        new java.util.Random(1).nextBytes(payload);
        List<String> ids = nodes.stream().map(NodeAgent::nodeId).toList();
        List<TaskOutcome> outcomes = hub.tasks().submit(new TaskRequest("demo-job", "echo", payload, ids, Duration.ofSeconds(30)))
                .get(60, TimeUnit.SECONDS);
        for (TaskOutcome o : outcomes) {
            String org = hub.nodes().find(o.nodeId()).map(NodeRecord::organisation).orElse("?");
            boolean same = o.ok() && java.util.Arrays.equals(o.result(), payload);
            out.printf("      %-11s %-18s %s in %d ms%n", org, o.nodeId(), same ? "result intact" : "FAILED: " + o.error(), o.elapsed().toMillis());
        }
        out.println("      registry:");
        for (NodeRecord n : hub.nodes().list()) {
            out.printf("        %-18s %-11s %-7s last seen %s%n", n.id(), n.organisation(), n.status(), n.lastSeen());
        }
        if (outcomes.stream().anyMatch(o -> !o.ok())) {
            throw new IllegalStateException("a task round trip failed");
        }
    }

    private boolean verifyAudit(Path root, Hub hub, List<NodeAgent> nodes) {
        out.println("[4/4] Verifying the tamper-evident audit logs (hash chain + signatures)");
        boolean all = true;
        List<Path> dirs = new ArrayList<>(List.of(root.resolve("hub")));
        nodes.forEach(n -> dirs.add(n.dataDir()));
        for (Path d : dirs) {
            AuditVerification v = AuditLog.verify(d);
            all &= v.intact();
            out.printf("      %-8s %s%n", d.getFileName(), v.intact() ? "OK, " + v.entries() + " entries" : "BROKEN: " + v.reason());
        }
        return all;
    }

    private <T> T stage(String step, String title, Callable<T> action) throws Exception {
        out.println("[" + step + "] " + title);
        return action.call();
    }

    private static String progress(int done, int total) {
        return "[" + "#".repeat(done) + ".".repeat(total - done) + "]";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
