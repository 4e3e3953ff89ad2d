package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fedra.node.HubUnreachableException;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.NodeRefusedException;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskHandlers;
import org.fedra.node.TaskInput;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.EnrolmentToken;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.DiagnosticsGrpc;
import org.fedra.protocol.v1.EchoMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hub and nodes in one JVM, talking real gRPC over loopback with mutual TLS. */
class FabricTest {
    @TempDir
    Path tmp;
    Hub hub;
    final List<NodeAgent> nodes = new ArrayList<>();

    @BeforeEach
    void startHub() throws Exception {
        hub = Hub.start(config());
    }

    @AfterEach
    void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) {
            hub.close();
        }
    }

    private HubConfig config() {
        return HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500));
    }

    private NodeConfig nodeConfig(String name, String token) {
        return NodeConfig.of(tmp.resolve(name), "localhost:" + hub.grpcPort(), token).withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    private NodeAgent node(String name, TaskHandlers handlers) throws Exception {
        NodeAgent n = NodeAgent.start(nodeConfig(name, hub.issueToken(name, Duration.ofMinutes(5)).encode()), handlers);
        nodes.add(n);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        return n;
    }

    private List<TaskOutcome> run(String type, byte[] payload, Duration deadline, String... nodeIds) throws Exception {
        return hub.tasks().submit(new TaskRequest("job-1", type, payload, List.of(nodeIds), deadline)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void threeNodesEnrolAndAnswerTasks() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        NodeAgent b = node("B", TaskHandlers.withBuiltIns());
        NodeAgent c = node("C", TaskHandlers.withBuiltIns());
        List<TaskOutcome> out = run("echo", "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20), a.nodeId(), b.nodeId(), c.nodeId());
        assertThat(out).hasSize(3).allSatisfy(o -> {
            assertThat(o.ok()).as(o.error()).isTrue();
            assertThat(new String(o.result(), StandardCharsets.UTF_8)).isEqualTo("hello");
        });
        assertThat(hub.nodes().list()).extracting(NodeRecord::status).containsExactly("online", "online", "online");
        assertThat(hub.nodes().list()).extracting(NodeRecord::organisation).containsExactly("A", "B", "C");
    }

    @Test
    void hundredMegabytePayloadPassesBothWays() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        byte[] payload = new byte[100 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        TaskOutcome o = run("echo", payload, Duration.ofSeconds(120), a.nodeId()).get(0);
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.result()).isEqualTo(payload);
    }

    @Test
    void unknownTaskTypeFailsWithTheReason() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        TaskOutcome o = run("no-such-type", new byte[0], Duration.ofSeconds(10), a.nodeId()).get(0);
        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("no handler for task type 'no-such-type'");
    }

    @Test
    void tokenIsSingleUse() throws Exception {
        String token = hub.issueToken("A", Duration.ofMinutes(5)).encode();
        nodes.add(NodeAgent.start(nodeConfig("A", token), TaskHandlers.withBuiltIns()));
        assertThatThrownBy(() -> NodeAgent.start(nodeConfig("A2", token), TaskHandlers.withBuiltIns()))
                .isInstanceOf(NodeRefusedException.class).hasMessageContaining("already been used");
        assertThat(hub.nodes().list()).hasSize(1);
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        hub.close();
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), java.time.ZoneOffset.UTC);
        hub = Hub.start(config().withClock(past));
        String token = hub.issueToken("A", Duration.ofMinutes(30)).encode();
        hub.close();
        hub = Hub.start(config());
        assertThatThrownBy(() -> NodeAgent.start(nodeConfig("A", token), TaskHandlers.withBuiltIns()))
                .isInstanceOf(NodeRefusedException.class).hasMessageContaining("expired");
    }

    @Test
    void forgedTokenIsRefused() {
        EnrolmentToken real = hub.issueToken("A", Duration.ofMinutes(5));
        String forged = new EnrolmentToken(real.id(), "ab".repeat(32), "A", real.expiresAt(), real.caFingerprint()).encode();
        assertThatThrownBy(() -> NodeAgent.start(nodeConfig("A", forged), TaskHandlers.withBuiltIns()))
                .isInstanceOf(NodeRefusedException.class).hasMessageContaining("not recognised");
        assertThatThrownBy(() -> NodeAgent.start(nodeConfig("B", "garbage"), TaskHandlers.withBuiltIns()))
                .isInstanceOf(NodeRefusedException.class).hasMessageContaining("malformed enrolment token");
    }

    @Test
    void tokenPinnedToAnotherCaDoesNotTrustThisHub() {
        EnrolmentToken real = hub.issueToken("A", Duration.ofMinutes(5));
        String otherCa = new EnrolmentToken(real.id(), real.secret(), "A", real.expiresAt(), "cd".repeat(32)).encode();
        assertThatThrownBy(() -> NodeAgent.start(nodeConfig("A", otherCa), TaskHandlers.withBuiltIns()))
                .isInstanceOf(NodeRefusedException.class).hasMessageContaining("does not chain to the CA");
    }

    @Test
    void certificateFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create("rogue", Instant.now(), new SecureRandom());
        KeyPair key = Certificates.newKeyPair();
        X509Certificate cert = rogue.issueHubCertificate(key, List.of(), Instant.now());
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + hub.grpcPort())
                .sslContext(TlsContexts.nodeClient(key.getPrivate(), List.of(cert), hub.caCertificate())).build();
        try {
            assertThatThrownBy(() -> DiagnosticsGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .echo(EchoMessage.getDefaultInstance())).isInstanceOf(StatusRuntimeException.class);
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void callWithoutClientCertificateIsUnauthenticated() {
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + hub.grpcPort())
                .sslContext(TlsContexts.enrolmentClient(new org.fedra.protocol.pki.PinnedCaTrustManager(Certificates.fingerprint(hub.caCertificate())))).build();
        try {
            assertThatThrownBy(() -> DiagnosticsGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).echo(EchoMessage.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAUTHENTICATED");
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void unreachableHubGivesAClearErrorAfterRetries() throws Exception {
        String token = hub.issueToken("A", Duration.ofMinutes(5)).encode();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeConfig c = NodeConfig.of(tmp.resolve("A"), "localhost:" + port, token).withBackoff(Duration.ofMillis(20), Duration.ofMillis(50)).withEnrolAttempts(3);
        assertThatThrownBy(() -> NodeAgent.start(c, TaskHandlers.withBuiltIns()))
                .isInstanceOf(HubUnreachableException.class).hasMessageContaining("cannot reach the hub at localhost:" + port + " after 3 attempts");
    }

    @Test
    void missingOrCorruptNodeDataDirIsAClearErrorAndNothingIsOverwritten() throws Exception {
        assertThatThrownBy(() -> NodeAgent.start(NodeConfig.of(tmp.resolve("absent"), "localhost:1", null), TaskHandlers.withBuiltIns()))
                .isInstanceOf(CorruptFileException.class).hasMessageContaining("enrol a new node with --token");
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        a.close();
        nodes.remove(a);
        Path cert = tmp.resolve("A").resolve("node-cert.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        byte[] before = Files.readAllBytes(cert);
        assertThatThrownBy(() -> NodeAgent.start(nodeConfig("A", null), TaskHandlers.withBuiltIns()))
                .isInstanceOf(CorruptFileException.class).hasMessageContaining("node-cert.pem");
        assertThat(Files.readAllBytes(cert)).isEqualTo(before);
    }

    @Test
    void corruptHubDataDirIsRefusedAndNotOverwritten() throws Exception {
        hub.close();
        hub = null;
        Path key = tmp.resolve("hub").resolve("ca-key.pem");
        Files.writeString(key, "garbage");
        assertThatThrownBy(() -> Hub.start(config())).isInstanceOf(CorruptFileException.class).hasMessageContaining("ca-key.pem");
        assertThat(Files.readString(key)).isEqualTo("garbage");
    }

    @Test
    void hubRestartBringsEveryNodeBackWithoutDuplicates() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        NodeAgent b = node("B", TaskHandlers.withBuiltIns());
        int port = hub.grpcPort();
        hub.close();
        hub = Hub.start(config());
        assertThat(hub.grpcPort()).isEqualTo(port);
        awaitOnline(2);
        assertThat(hub.nodes().list()).hasSize(2);
        List<TaskOutcome> out = run("echo", new byte[] {1}, Duration.ofSeconds(20), a.nodeId(), b.nodeId());
        assertThat(out).allSatisfy(o -> assertThat(o.ok()).as(o.error()).isTrue());
    }

    @Test
    void revokedNodeIsDisconnectedAndRefused() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        hub.revoke(a.nodeId(), "test");
        assertThatThrownBy(() -> a.terminated().get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(NodeRefusedException.class)
                .hasMessageContaining("revoked");
        assertThat(hub.nodes().find(a.nodeId()).orElseThrow().status()).isEqualTo("revoked");
        NodeAgent again = NodeAgent.start(nodeConfig("A", null), TaskHandlers.withBuiltIns());
        nodes.add(again);
        assertThatThrownBy(() -> again.terminated().get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(NodeRefusedException.class)
                .hasMessageContaining("revoked");
        TaskOutcome o = run("echo", new byte[0], Duration.ofSeconds(5), a.nodeId()).get(0);
        assertThat(o.error()).contains("revoked");
    }

    @Test
    void nodeKilledMidTaskFailsTheTaskAtItsDeadlineAndTheHubStaysConsistent() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        TaskHandler slow = new TaskHandler() {
            public String type() {
                return "slow";
            }

            public byte[] handle(TaskInput task) throws Exception {
                started.countDown();
                Thread.sleep(60_000);
                return new byte[0];
            }
        };
        NodeAgent a = node("A", TaskHandlers.withBuiltIns().register(slow));
        NodeAgent b = node("B", TaskHandlers.withBuiltIns());
        var future = hub.tasks().submit(new TaskRequest("job-k", "slow", new byte[0], List.of(a.nodeId()), Duration.ofSeconds(3)));
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        a.close();
        nodes.remove(a);
        TaskOutcome o = future.get(30, TimeUnit.SECONDS).get(0);
        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("went offline after receiving the task");
        assertThat(o.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(hub.nodes().find(a.nodeId()).orElseThrow().status()).isEqualTo("offline");
        assertThat(run("echo", new byte[] {9}, Duration.ofSeconds(20), b.nodeId()).get(0).ok()).isTrue();
    }

    @Test
    void taskToAnOfflineNodeFailsAtItsDeadlineWithTheReason() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        a.close();
        nodes.remove(a);
        awaitStatus(a.nodeId(), "offline");
        TaskOutcome o = run("echo", new byte[0], Duration.ofSeconds(1), a.nodeId()).get(0);
        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("was offline").contains("not delivered before its deadline");
    }

    @Test
    void auditLogsRecordEnrolmentTasksAndVerify() throws Exception {
        NodeAgent a = node("A", TaskHandlers.withBuiltIns());
        run("echo", new byte[] {1}, Duration.ofSeconds(20), a.nodeId());
        Path hubDir = tmp.resolve("hub");
        String hubLog = Files.readString(hubDir.resolve(AuditLog.LOG_FILE));
        assertThat(hubLog).contains("node.enrolled", "node.connected", "task.submitted", "task.succeeded");
        String nodeLog = Files.readString(tmp.resolve("A").resolve(AuditLog.LOG_FILE));
        assertThat(nodeLog).contains("node.enrolled", "hub.connected", "task.received", "task.result-sent");
        assertThat(AuditLog.verify(hubDir).intact()).isTrue();
        assertThat(AuditLog.verify(tmp.resolve("A")).intact()).isTrue();
    }

    private void awaitOnline(int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hub.nodes().list().stream().filter(NodeRecord::online).count() < count && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(hub.nodes().list().stream().filter(NodeRecord::online).count()).isEqualTo(count);
    }

    private void awaitStatus(String id, String status) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!hub.nodes().find(id).orElseThrow().status().equals(status) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertThat(hub.nodes().find(id).orElseThrow().status()).isEqualTo(status);
    }
}
