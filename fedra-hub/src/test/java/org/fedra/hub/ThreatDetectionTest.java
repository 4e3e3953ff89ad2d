package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import org.fedra.protocol.json.JsonCodec;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedra.hub.security.AlertKind;
import org.fedra.hub.security.Alerts;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.NodeIdentity;
import org.fedra.node.TaskHandlers;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.PinnedCaTrustManager;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.DiagnosticsGrpc;
import org.fedra.protocol.v1.EchoMessage;
import org.fedra.protocol.v1.EnrolRequest;
import org.fedra.protocol.v1.EnrolmentGrpc;
import org.fedra.protocol.v1.FederationGrpc;
import org.fedra.protocol.v1.HubMessage;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.SignedAuditHead;
import org.junit.jupiter.api.Test;

/**
 * Threat detection (issue 15, point 6): each test performs the attack against a real hub over mutual-TLS gRPC, and the
 * alert and the policy's response follow.
 */
class ThreatDetectionTest extends LiveFederation {
    ThreatDetectionTest() {
        super(true);
    }

    @Test
    void aRevokedNodeTryingAgainRaisesOneAlert() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.PATCHED);
        NodeConfig again = NodeConfig.of(a.dataDir(), "localhost:" + hub.grpcPort(), null).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        assertThat(hub.revoke(a.nodeId(), "stolen laptop")).isTrue();
        a.close();
        try {
            NodeAgent.start(again, TaskHandlers.withBuiltIns()).close();
        } catch (RuntimeException expected) {
            // refused: what the node is told is FederationEndToEndTest's; here the hub's side counts
        }
        PostureTest.await(() -> !of(AlertKind.REVOKED_NODE_RECONNECTING).isEmpty());
        Alerts.Alert alert = of(AlertKind.REVOKED_NODE_RECONNECTING).get(0);
        assertThat(alert.nodeId()).isEqualTo(a.nodeId());
        assertThat(alert.detail()).contains("revoked node " + a.nodeId()).contains("stolen laptop");
        assertThat(alert.response()).startsWith("none");
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"security.alert\"")).anySatisfy(l -> assertThat(l).contains("REVOKED_NODE_RECONNECTING"));
        assertThat(of(AlertKind.REVOKED_NODE_RECONNECTING)).hasSize(1);
    }

    @Test
    void aQuarantinedNodeReconnectingRaisesAnAlertAndStaysQuarantined() throws Exception {
        NodeAgent b = node("hospital-b", SecurityIndexLiveTest.OLD_GLIBC);
        node("hospital-c", SecurityIndexLiveTest.OLD_OPENSSL);
        hub.security().importFeed("feed.json", SecurityIndexLiveTest.FEED.getBytes(StandardCharsets.UTF_8));
        hub.setFederationMinimum(50, "test operator");
        assertThat(hub.quarantine().of(b.nodeId())).hasSize(1);
        assertThat(of(AlertKind.QUARANTINED_NODE_RECONNECTING)).isEmpty();
        b.close();
        NodeAgent back = NodeAgent.start(NodeConfig.of(b.dataDir(), "localhost:" + hub.grpcPort(), null).withBackoff(Duration.ofMillis(50),
                Duration.ofMillis(500)), TaskHandlers.withBuiltIns(), SecurityIndexLiveTest.OLD_GLIBC);
        nodes.add(back);
        assertThat(back.awaitConnected(Duration.ofSeconds(20))).isTrue();
        PostureTest.await(() -> !of(AlertKind.QUARANTINED_NODE_RECONNECTING).isEmpty());
        assertThat(of(AlertKind.QUARANTINED_NODE_RECONNECTING).get(0).nodeId()).isEqualTo(b.nodeId());
        assertThat(hub.quarantine().of(b.nodeId())).hasSize(1);
        // the node heard of its quarantine again on the new stream
        PostureTest.await(() -> QuarantineLiveTest.audit(b.dataDir(), "\"node.quarantined\"").size() == 2);
    }

    @Test
    void aBurstOfRefusedEnrolmentsFromOneAddressRaisesAnAlert() throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + hub.grpcPort())
                .sslContext(TlsContexts.enrolmentClient(new PinnedCaTrustManager(Certificates.fingerprint(hub.caCertificate())))).build();
        try {
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> EnrolmentGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS)
                        .enrol(EnrolRequest.newBuilder().setToken("fedra1.guess").build())).isInstanceOf(StatusRuntimeException.class);
            }
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(of(AlertKind.ENROLMENT_BURST)).singleElement().satisfies(a -> {
            assertThat(a.detail()).startsWith("10 enrolments from ").contains("refused within");
            assertThat(a.response()).startsWith("none");
        });
    }

    @Test
    void aBurstOfCallsWithoutACertificateRaisesAnAlert() throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + hub.grpcPort())
                .sslContext(TlsContexts.enrolmentClient(new PinnedCaTrustManager(Certificates.fingerprint(hub.caCertificate())))).build();
        try {
            for (int i = 0; i < AuthenticationAlerts.BURST; i++) {
                assertThat(of(AlertKind.AUTHENTICATION_BURST)).as("no alert before the burst is complete").isEmpty();
                assertThatThrownBy(() -> DiagnosticsGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).echo(EchoMessage.getDefaultInstance()))
                        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAUTHENTICATED");
            }
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(of(AlertKind.AUTHENTICATION_BURST)).singleElement()
                .satisfies(a -> assertThat(a.detail()).contains("without a client certificate from 127.0.0.1"));
    }

    @Test
    void aNodeAuditHeadThatDoesNotVerifyQuarantinesTheNodeUntilTheOperatorReleasesIt() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.PATCHED);
        NodeAgent b = node("hospital-b", SecurityIndexLiveTest.PATCHED);
        NodeIdentity id = NodeIdentity.load(a.dataDir()).orElseThrow();
        // a head in a's name with its own certificate, whose signature is not the log's: a rewritten log
        SignedAuditHead forged = SignedAuditHead.newBuilder().setCount(1).setHash("00".repeat(32)).setSignature("AAAA")
                .setTimeEpochMs(System.currentTimeMillis()).setCertificateDer(ByteString.copyFrom(id.certificate().getEncoded())).build();
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + hub.grpcPort())
                .sslContext(TlsContexts.nodeClient(id.key().getPrivate(), List.of(id.certificate()), id.caCertificate())).build();
        try {
            StreamObserver<NodeMessage> out = FederationGrpc.newStub(ch).connect(new StreamObserver<HubMessage>() {
                public void onNext(HubMessage value) {
                }

                public void onError(Throwable t) {
                }

                public void onCompleted() {
                }
            });
            out.onNext(NodeMessage.newBuilder().setAuditHead(forged).build());
            PostureTest.await(() -> !of(AlertKind.AUDIT_LOG_FAILED_VERIFICATION).isEmpty());
            out.onCompleted();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        Alerts.Alert alert = of(AlertKind.AUDIT_LOG_FAILED_VERIFICATION).get(0);
        assertThat(alert.nodeId()).isEqualTo(a.nodeId());
        assertThat(alert.detail()).contains("signature does not verify");
        assertThat(alert.response()).isEqualTo("node " + a.nodeId() + " quarantined until the operator releases it");
        // the response: a gets no task, b does
        List<TaskOutcome> outcomes = hub.tasks().submit(new TaskRequest("job-1", "echo", new byte[] {7}, List.of(a.nodeId(), b.nodeId()),
                Duration.ofSeconds(20))).get(30, TimeUnit.SECONDS);
        assertThat(outcomes.get(0).ok()).isFalse();
        assertThat(outcomes.get(0).error()).contains("quarantined: alert " + alert.id() + " (AUDIT_LOG_FAILED_VERIFICATION)");
        assertThat(outcomes.get(1).ok()).isTrue();
        // an index change does not lift it; the operator does, once
        hub.setFederationMinimum(0, "test operator");
        assertThat(hub.quarantine().of(a.nodeId())).hasSize(1);
        assertThat(hub.releaseNode(a.nodeId(), "test operator")).isEqualTo(1);
        assertThat(hub.quarantine().of(a.nodeId())).isEmpty();
        assertThatThrownBy(() -> hub.releaseNode(a.nodeId(), "test operator")).isInstanceOf(Failure.class).hasMessageContaining("no alert holds");
        PostureTest.await(() -> QuarantineLiveTest.audit(a.dataDir(), "\"node.released\"").size() == 1);
        assertThat(hub.tasks().submit(new TaskRequest("job-2", "echo", new byte[] {8}, List.of(a.nodeId()), Duration.ofSeconds(20)))
                .get(30, TimeUnit.SECONDS).get(0).ok()).isTrue();
    }

    @Test
    void refusedQueriesRepeatingForOneStudyRaiseAnAlertAndSuspendTheStudy() throws Exception {
        NodeAgent a = QuarantineLiveTest.withData(node("hospital-a", SecurityIndexLiveTest.PATCHED), org.fedra.node.synth.SiteProfile.cityUniversity());
        NodeAgent b = QuarantineLiveTest.withData(node("hospital-b", SecurityIndexLiveTest.PATCHED), org.fedra.node.synth.SiteProfile.ruralGeneral());
        org.fedra.hub.study.Study s = hub.studies().create(new org.fedra.hub.study.StudyRequest("Men", org.fedra.protocol.study.Purpose.HEALTHCARE_RESEARCH,
                "prober", List.of(a.nodeId(), b.nodeId()), java.util.Set.of("feasibility"), true));
        String males = "{\"sex\": \"male\"}";
        assertThat(refusedAt(feasibility(s, males))).isEmpty();
        // "all males minus nobody over 150, 151, 152": differences of none, each refused by the nodes' query auditor
        for (int age = 150; age < 150 + RefusedQueryWatch.REPEATS; age++) {
            assertThat(of(AlertKind.REFUSED_QUERIES_REPEATING)).as("no alert before the third refusal").isEmpty();
            JsonNode out = feasibility(s, "{\"and\": [" + males + ", {\"not\": {\"age\": {\"min\": " + age + "}}}]}");
            assertThat(refusedAt(out)).as(out.toString()).isNotEmpty();
        }
        Alerts.Alert alert = of(AlertKind.REFUSED_QUERIES_REPEATING).get(0);
        assertThat(alert.studyId()).isEqualTo(s.id());
        assertThat(alert.response()).isEqualTo("study " + s.id() + " suspended until the operator resumes it");
        assertThat(hub.alerts().suspension(s.id())).isPresent();
        // the response: the study runs nothing more, until the operator resumes it
        assertThatThrownBy(() -> feasibility(s, males)).hasMessageContaining("study " + s.id() + " is suspended: alert " + alert.id());
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"study.suspended\"")).singleElement().asString().contains(s.id());
        assertThat(hub.alerts().resume(s.id(), "test operator")).isTrue();
        assertThat(refusedAt(feasibility(s, males))).isEmpty();
    }

    private JsonNode feasibility(org.fedra.hub.study.Study s, String query) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode spec = JsonCodec.MAPPER.createObjectNode().put("referenceDate", "2026-01-01");
        spec.set("query", JsonCodec.MAPPER.readTree(query));
        return hub.jobs().run(org.fedra.hub.job.JobRequest.of(s.id(), "feasibility", spec, org.fedra.protocol.audit.Principal.researcher("prober")),
                Duration.ofSeconds(90));
    }

    /** The nodes that refused a category of the answer. */
    private static List<String> refusedAt(JsonNode out) {
        List<String> nodes = new java.util.ArrayList<>();
        for (JsonNode n : out.path("nodes")) {
            for (JsonNode c : n.path("categories")) {
                if (c.path("status").asText().equals("refused") && !nodes.contains(n.path("node").asText())) {
                    nodes.add(n.path("node").asText());
                }
            }
        }
        return nodes;
    }

    private List<Alerts.Alert> of(AlertKind kind) {
        return hub.alerts().list(1000).stream().filter(a -> a.kind() == kind).toList();
    }
}
