package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.protocol.audit.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every documented exit code of every sub-command family, against a real hub and a real node (which holds no data):
 * 0 ok, 1 a sound request without a result, 2 usage or bad input, 3 missing or damaged data directory, 4 hub
 * unreachable or refused.
 */
class ExitCodesTest {
    @TempDir
    static Path tmp;
    static Hub hub;
    static NodeAgent node;
    static NodeAgent node2;
    static Path hubDir;
    static Path nodeDir;

    @BeforeAll
    static void start() throws Exception {
        hubDir = tmp.resolve("hub");
        nodeDir = tmp.resolve("node");
        hub = Hub.start(HubConfig.defaults(hubDir).withBindAddress("127.0.0.1"));
        node = NodeAgent.start(NodeConfig.of(nodeDir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns());
        node2 = NodeAgent.start(NodeConfig.of(tmp.resolve("node2"), "localhost:" + hub.grpcPort(), hub.issueToken("Hospital B", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
        assertThat(node2.awaitConnected(Duration.ofSeconds(20))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
        if (node2 != null) node2.close();
        if (hub != null) hub.close();
    }

    private static String[] hubTarget(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--data-dir", hubDir.toString()));
        return a.toArray(String[]::new);
    }

    private static CliRun expect(int code, String... args) {
        Captured c = capture(() -> CliRun.of(args));
        assertThat(c.run.code()).as(String.join(" ", args) + "\nout: " + c.out + "\nerr: " + c.run.err()).isEqualTo(code);
        return new CliRun(c.run.code(), c.out + c.run.out(), c.run.err());
    }

    @Test
    void usageErrorsOfEveryFamilyExit2() {
        expect(ExitCodes.USAGE, "no-such-command");
        expect(ExitCodes.USAGE, "hub", "--grpc-port", "70000", "--data-dir", tmp.resolve("unused-hub").toString());
        expect(ExitCodes.USAGE, "hub", "enrol", "--data-dir", hubDir.toString()); // --org missing
        expect(ExitCodes.USAGE, "node", "generate", "--patients", "many");
        expect(ExitCodes.USAGE, "study", "create", "--title", "t");
        expect(ExitCodes.USAGE, hubTarget("study", "show", "no-such-study"));
        expect(ExitCodes.USAGE, hubTarget("study", "feasibility", "--study", "s", "--query", tmp.resolve("absent.json").toString()));
        expect(ExitCodes.USAGE, hubTarget("job", "show", "job-none"));
        expect(ExitCodes.USAGE, "audit", "verify");
        expect(ExitCodes.USAGE, "package", "build", tmp.resolve("no-package").toString());
        expect(ExitCodes.USAGE, "model", "show");
        expect(ExitCodes.USAGE, "demo", "--no-such-option");
    }

    @Test
    void unknownSubCommandsAndStrayArgumentsAreNamedWithTheClosestCommand() {
        // 'hub security' exists since the security index went live; 'hub firewall' never did
        CliRun security = expect(ExitCodes.USAGE, "hub", "firewall", "--help");
        assertThat(security.out()).doesNotContain("Usage:");
        assertThat(security.err()).contains("unknown command 'firewall' for 'fedra hub'").contains("Did you mean: fedra hub ");
        CliRun typo = expect(ExitCodes.USAGE, "hub", "nodes", "lst");
        assertThat(typo.err()).contains("unknown command 'lst' for 'fedra hub nodes'").contains("Did you mean: fedra hub nodes list?");
        CliRun stray = expect(ExitCodes.USAGE, "node", "inventory", "extra", "--data-dir", nodeDir.toString());
        assertThat(stray.err()).contains("unexpected argument 'extra' for 'fedra node inventory'");
        CliRun group = expect(ExitCodes.USAGE, "study");
        assertThat(group.err()).contains("'fedra study' needs one of its commands: create, list, show, ").contains("regression");
        CliRun study = expect(ExitCodes.USAGE, "study", "regresion", "--help");
        assertThat(study.err()).contains("Did you mean: fedra study regression?");
    }

    @Test
    void missingOrDamagedDataDirectoriesExit3() throws Exception {
        expect(ExitCodes.DATA_DIR, "hub", "nodes", "list", "--data-dir", tmp.resolve("no-hub").toString());
        expect(ExitCodes.DATA_DIR, "node", "--data-dir", tmp.resolve("no-node").toString());
        expect(ExitCodes.DATA_DIR, "node", "inventory", "--data-dir", tmp.resolve("no-node").toString());
        expect(ExitCodes.DATA_DIR, "node", "approvals", "list", "--data-dir", tmp.resolve("no-node").toString());
        expect(ExitCodes.DATA_DIR, "study", "list", "--data-dir", tmp.resolve("no-hub").toString());
        expect(ExitCodes.DATA_DIR, "job", "list", "--data-dir", tmp.resolve("no-hub").toString());
        expect(ExitCodes.DATA_DIR, "audit", "verify", "--data-dir", tmp.resolve("no-hub").toString());
    }

    @Test
    void anUnreachableOrRefusingHubExits4() throws Exception {
        Path stale = tmp.resolve("stale-hub");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("hub.json"), "{\"grpcPort\":1,\"httpPort\":1}");
        Files.writeString(stale.resolve("operator.token"), "x");
        for (String[] args : List.of(new String[] {"hub", "nodes", "list"}, new String[] {"study", "list"}, new String[] {"job", "list"},
                new String[] {"model", "list"})) {
            List<String> a = new ArrayList<>(List.of(args));
            a.addAll(List.of("--data-dir", stale.toString()));
            CliRun r = expect(ExitCodes.REFUSED, a.toArray(String[]::new));
            assertThat(r.err()).contains("cannot reach the hub at http://127.0.0.1:1: nothing answers there").doesNotContain("Exception");
        }
        String url = "http://127.0.0.1:" + hub.httpPort();
        expect(ExitCodes.REFUSED, "hub", "nodes", "list", "--hub-url", url, "--token", "wrong");
        expect(ExitCodes.REFUSED, "study", "list", "--hub-url", url, "--token", "wrong");
        expect(ExitCodes.REFUSED, "node", "--data-dir", tmp.resolve("n2").toString(), "--hub", "localhost:1", "--token", "not-a-token");
        // a study no node accepts: the nodes refused it
        expect(ExitCodes.REFUSED, hubTarget("study", "create", "--title", "Ads", "--purpose", "CLINTRCH", "--org", "adco", "--node", node.nodeId(),
                "--analysis", "feasibility"));
    }

    @Test
    void aSoundRequestWithoutAResultExits1() throws Exception {
        CliRun created = expect(ExitCodes.OK, hubTarget("study", "create", "--title", "Heart", "--org", "uni-research", "--node", node.nodeId(),
                "--node", node2.nodeId(), "--analysis", "regression", "--analysis", "feasibility"));
        String study = created.out().substring(created.out().indexOf("study ") + 6, created.out().indexOf(':'));
        // the nodes hold no patient: the regression runs and cannot produce a result
        CliRun regression = expect(ExitCodes.FAILURE, hubTarget("study", "regression", "--study", study, "--outcome", "num=urn:x|num",
                "--outcome-above", "0", "--predictor", "sex"));
        assertThat(regression.err()).contains("no node had a usable row");
        String job = regression.err().substring(regression.err().indexOf("job-"), regression.err().indexOf(' ', regression.err().indexOf("job-")));
        expect(ExitCodes.FAILURE, hubTarget("job", "follow", job));
        CliRun cancel = expect(ExitCodes.FAILURE, hubTarget("job", "cancel", job));
        assertThat(cancel.err()).contains("already failed");
        expect(ExitCodes.OK, hubTarget("job", "show", job));
        expect(ExitCodes.OK, hubTarget("hub", "nodes", "list"));
        expect(ExitCodes.OK, "node", "inventory", "--data-dir", nodeDir.toString());

        // audit verify: 0 on the hub's intact log, 1 on a copy with one entry changed
        expect(ExitCodes.OK, "audit", "verify", "--data-dir", hubDir.toString());
        Path copy = tmp.resolve("tampered");
        Files.createDirectories(copy);
        for (String f : List.of(AuditLog.LOG_FILE, AuditLog.HEAD_FILE, "audit-key.pem", "audit-cert.pem", "ca-cert.pem")) {
            if (Files.exists(hubDir.resolve(f))) Files.copy(hubDir.resolve(f), copy.resolve(f));
        }
        String log = Files.readString(copy.resolve(AuditLog.LOG_FILE));
        Files.writeString(copy.resolve(AuditLog.LOG_FILE), log.replaceFirst("Hospital A", "Hospital B"));
        expect(ExitCodes.FAILURE, "audit", "verify", "--data-dir", copy.toString());
    }

    record Captured(CliRun run, String out) {}

    private static synchronized Captured capture(Supplier<CliRun> s) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CliRun r = s.get();
            return new Captured(r, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }
}
