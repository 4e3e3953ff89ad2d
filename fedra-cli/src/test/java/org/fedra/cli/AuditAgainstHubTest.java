package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.NodeIdentity;
import org.fedra.node.TaskHandlers;
import org.fedra.node.audit.HeadsHeldByHub;
import org.fedra.node.audit.HubAuditHeads;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 6 (second half): a node's log cut back to an old head (the head file replaced with it), or
 * rewritten and re-signed with the node's own key, verifies on its own; against the heads the hub holds
 * ({@code fedra audit verify --against-hub}, asked over mutual TLS with the node's certificate) it does not.
 */
class AuditAgainstHubTest {
    @TempDir
    Path tmp;
    private Hub hub;
    private Path nodeDir;
    private NodeConfig config;

    @BeforeEach
    void hubAndEnrolledNode() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"));
        nodeDir = tmp.resolve("node");
        config = NodeConfig.of(nodeDir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** Runs the node until it is connected and the hub holds the head it sent, then stops it. */
    private void runNode(int releases) throws Exception {
        try (NodeAgent node = NodeAgent.start(config, TaskHandlers.withBuiltIns())) {
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
            long sent = node.audit().head().count();
            awaitHeld(h -> !h.isEmpty() && h.get(0).head().count() >= sent);
            for (int i = 1; i <= releases; i++) {
                node.audit().append(AuditAction.SECAGG_CONTRIBUTION, "released to uni-research: sum " + (17 * i));
            }
            // the node keeps the hub's heads too
            long start = System.nanoTime();
            while (new HeldAuditHeads(node.dataSource()).count(HubAuditHeads.HUB) == 0 && System.nanoTime() - start < 20_000_000_000L) {
                Thread.sleep(50);
            }
            assertThat(new HeldAuditHeads(node.dataSource()).count(HubAuditHeads.HUB)).isPositive();
        }
    }

    private List<HeldAuditHeads.Held> awaitHeld(Predicate<List<HeldAuditHeads.Held>> done) throws Exception {
        NodeIdentity identity = NodeIdentity.load(nodeDir).orElseThrow();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<HeldAuditHeads.Held> held = List.of();
        while (System.nanoTime() < end) {
            held = HeadsHeldByHub.fetch(identity, Duration.ofSeconds(5));
            if (done.test(held)) {
                return held;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the hub did not come to hold the expected heads; it holds " + held);
    }

    private AuditVerifyRun verify(String... more) {
        return AuditVerifyRun.of(nodeDir, more);
    }

    @Test
    void aLogCutBackToAnOldHeadIsARollbackAgainstTheHub() throws Exception {
        runNode(0);
        byte[] oldLog = Files.readAllBytes(nodeDir.resolve(AuditLog.LOG_FILE));
        byte[] oldHead = Files.readAllBytes(nodeDir.resolve(AuditLog.HEAD_FILE));
        long oldCount = AuditLog.verify(nodeDir).entries();
        runNode(5); // releases the attacker wants gone
        runNode(0); // a later connection: the hub now holds a head covering them
        long held = awaitHeld(h -> true).get(0).head().count();
        assertThat(held).isGreaterThan(oldCount + 5);

        Files.write(nodeDir.resolve(AuditLog.LOG_FILE), oldLog);
        Files.write(nodeDir.resolve(AuditLog.HEAD_FILE), oldHead);
        AuditVerifyRun local = verify();
        assertThat(local.out()).as("on its own, the rolled-back log verifies (the attack as reported)").isEqualTo("OK " + oldCount + " entries\n");
        assertThat(local.code()).isEqualTo(0);

        AuditVerifyRun anchored = verify("--against-hub");
        assertThat(anchored.code()).isEqualTo(1);
        assertThat(anchored.out()).startsWith("ROLLBACK: a head of " + held + " entries is held since ")
                .contains("but the log holds only " + oldCount + ": entries " + (oldCount + 1) + " to " + held + " were removed (the log was rolled back)");

        // the rolled-back node connects again: the hub notices at once and records it
        try (NodeAgent node = NodeAgent.start(config, TaskHandlers.withBuiltIns())) {
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!hubLog().contains("audit.head-regressed") && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(hubLog()).contains("\"action\":\"audit.head-regressed\"").contains("\"actor\":\"node:" + node.nodeId() + "\"")
                    .contains("went back from " + held + " entries");
        }
        assertThat(verify("--against-hub").out()).startsWith("ROLLBACK: a head of " + held + " entries");
    }

    @Test
    void aLogRewrittenAndReSignedWithTheNodesOwnKeyIsCaughtAgainstTheHub() throws Exception {
        runNode(3);
        runNode(0);
        List<HeldAuditHeads.Held> held = awaitHeld(h -> true);
        List<String> lines = Files.readAllLines(nodeDir.resolve(AuditLog.LOG_FILE));
        int release = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("sum 17")).findFirst().orElseThrow());
        long lastMatching = held.stream().mapToLong(h -> h.head().count()).filter(c -> c < release).max().orElseThrow();
        long firstChanged = held.stream().mapToLong(h -> h.head().count()).filter(c -> c >= release).min().orElseThrow();

        NodeIdentity identity = NodeIdentity.load(nodeDir).orElseThrow();
        AuditForger.resign(nodeDir, identity.key(), (position, detail) -> position == release ? "released to uni-research: sum 1" : detail);
        AuditVerifyRun local = verify();
        assertThat(local.out()).as("signed with the certified key itself, the rewritten log verifies on its own").startsWith("OK ");
        assertThat(local.code()).isEqualTo(0);

        AuditVerifyRun anchored = verify("--against-hub");
        assertThat(anchored.code()).isEqualTo(1);
        assertThat(anchored.out()).startsWith("REWRITTEN: entry " + firstChanged + " is not the entry whose head is held since ")
                .contains("the log was rewritten after entry " + lastMatching + " (whose head, held since ")
                .contains("at or before entry " + firstChanged + ", and re-signed");
    }

    @Test
    void anUntouchedLogMatchesTheHubsHeads() throws Exception {
        runNode(2);
        runNode(0);
        AuditVerifyRun anchored = verify("--against-hub");
        assertThat(anchored.code()).as(anchored.out()).isEqualTo(0);
        assertThat(anchored.out()).startsWith("OK ").contains("; the hub's heads: matches ");
    }

    @Test
    void againstHubNeedsANodeDirectoryWithALog() {
        AuditVerifyRun r = verify("--against-hub");
        // run on the node directory before enrolment: nothing audited yet
        assertThat(r.code()).isEqualTo(ExitCodes.DATA_DIR);
        nodeDir = tmp.resolve("hub");
        AuditVerifyRun hubDir = verify("--against-hub");
        assertThat(hubDir.code()).isEqualTo(ExitCodes.USAGE);
    }

    private String hubLog() throws Exception {
        return Files.readString(tmp.resolve("hub").resolve(AuditLog.LOG_FILE));
    }
}
