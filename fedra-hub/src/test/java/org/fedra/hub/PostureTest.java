package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.fedra.hub.security.PostureBook;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.NodeIdentity;
import org.fedra.node.TaskHandlers;
import org.fedra.node.posture.DpkgPackages;
import org.fedra.node.posture.HostPackages;
import org.fedra.node.posture.PostureReporter;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.FederationGrpc;
import org.fedra.protocol.v1.HubMessage;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.Posture;
import org.fedra.protocol.v1.SignedPosture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes send signed postures to a real hub over mutual-TLS gRPC; forged and replayed ones are refused. */
class PostureTest extends LiveFederation {
    static final HostPackages OPENSSL_OLD = () -> new HostPackages.Listing("debian:12", List.of(
            new HostPackages.Package("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
            new HostPackages.Package("bash", "5.2.15-2+b2", "bash", "5.2.15-2")), "dpkg-query");
    static final HostPackages NONE = () -> new HostPackages.Listing("debian:12", List.of(), "dpkg-query not available (test)");

    PostureTest() {
        super(false);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** Sends one posture over a stream authenticated as {@code as} (the node's own mutual-TLS certificate). */
    void sendAs(NodeAgent as, SignedPosture m) throws Exception {
        NodeIdentity id = NodeIdentity.load(as.dataDir()).orElseThrow();
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
            int before = hub.postures().refusals().size();
            long acceptedBefore = hub.postures().latest(as.nodeId()).map(p -> p.posture().getTakenAtEpochMs()).orElse(0L);
            out.onNext(NodeMessage.newBuilder().setPosture(m).build());
            await(() -> hub.postures().refusals().size() > before
                    || hub.postures().latest(as.nodeId()).map(p -> p.posture().getTakenAtEpochMs()).orElse(0L) != acceptedBefore);
            out.onCompleted();
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static PostureReporter.Signer signer(NodeAgent n) {
        NodeIdentity id = NodeIdentity.load(n.dataDir()).orElseThrow();
        return new PostureReporter.Signer(id.nodeId(), id.key().getPrivate(), id.certificate());
    }

    @Test
    void theHubKeepsEachNodesSignedPostureWithItsPackagesAndCodeDigest() throws Exception {
        NodeAgent a = node("hospital-a", OPENSSL_OLD);
        NodeAgent b = node("hospital-b", NONE);
        await(() -> hub.postures().latest(a.nodeId()).isPresent() && hub.postures().latest(b.nodeId()).isPresent());
        Posture p = hub.postures().latest(a.nodeId()).orElseThrow().posture();
        assertThat(p.getNodeId()).isEqualTo(a.nodeId());
        assertThat(p.getPackagesSource()).isEqualTo("dpkg-query");
        assertThat(p.getPackagesList()).extracting(x -> x.getName() + "=" + x.getVersion() + " src " + x.getSourceName() + "=" + x.getSourceVersion())
                .containsExactly("libssl3=3.0.11-1~deb12u2 src openssl=", "bash=5.2.15-2+b2 src =5.2.15-2");
        assertThat(p.getCodeSha256()).matches("[0-9a-f]{64}");
        // run alone the tests use the node's class directory, in the reactor's verify its packaged jar: the posture
        // says which, and a jar's digest is the file's own SHA-256
        assertThat(p.getCodeMeasured()).matches("(classes|jar) .*fedra-node.*");
        if (p.getCodeMeasured().startsWith("jar ")) {
            byte[] jar = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(p.getCodeMeasured().substring(4)));
            assertThat(p.getCodeSha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(jar)));
        }
        assertThat(p.getSoftwareVersion()).startsWith("fedra-node ");
        Posture pb = hub.postures().latest(b.nodeId()).orElseThrow().posture();
        assertThat(pb.getPackagesList()).isEmpty();
        assertThat(pb.getPackagesSource()).isEqualTo("dpkg-query not available (test)");
        assertThat(hub.postures().refusals()).isEmpty();
    }

    @Test
    void aDeclaredRemediationTravelsInThePostureAndANewerPostureReplacesTheOld() throws Exception {
        NodeAgent a = node("hospital-a", OPENSSL_OLD);
        await(() -> hub.postures().latest(a.nodeId()).isPresent());
        long first = hub.postures().latest(a.nodeId()).orElseThrow().posture().getTakenAtEpochMs();
        Files.writeString(a.dataDir().resolve(PostureReporter.REMEDIATIONS_FILE),
                "[{\"vulnerability\": \"CVE-2023-5678\", \"kind\": \"MITIGATED_BY_CONFIGURATION\", \"level\": 4, \"note\": \"no DH params from peers\"}]");
        a.sendPosture();
        await(() -> hub.postures().latest(a.nodeId()).orElseThrow().posture().getTakenAtEpochMs() > first);
        Posture p = hub.postures().latest(a.nodeId()).orElseThrow().posture();
        assertThat(p.getRemediationsList()).extracting(r -> r.getVulnerabilityId() + " " + r.getKind() + " " + r.getLevel())
                .containsExactly("CVE-2023-5678 MITIGATED_BY_CONFIGURATION 4.0");
    }

    @Test
    void aPostureSignedWithAnotherNodesKeyIsRefusedAndThePreviousKept() throws Exception {
        NodeAgent a = node("hospital-a", OPENSSL_OLD);
        NodeAgent b = node("hospital-b", NONE);
        await(() -> hub.postures().latest(a.nodeId()).isPresent());
        PostureBook.NodePosture kept = hub.postures().latest(a.nodeId()).orElseThrow();
        // b claims to be a, on a's own authenticated stream, with b's key and certificate: a clean posture for a
        Posture forged = kept.posture().toBuilder().clearPackages().setTakenAtEpochMs(kept.posture().getTakenAtEpochMs() + 1000).build();
        sendAs(a, PostureReporter.sign(forged, signer(b)));
        assertThat(hub.postures().refusals()).last().asString()
                .contains("is signed with the certificate of " + b.nodeId()).contains("not the one " + a.nodeId() + " is enrolled with");
        // b's key with a's certificate attached: the signature does not hold
        PostureReporter.Signer mixed = new PostureReporter.Signer(a.nodeId(), signer(b).key(), signer(a).certificate());
        sendAs(a, PostureReporter.sign(forged, mixed));
        assertThat(hub.postures().refusals()).last().asString().contains("the signature does not verify with " + a.nodeId() + "'s certificate");
        // unsigned
        sendAs(a, SignedPosture.newBuilder().setPosture(forged.toByteString()).build());
        assertThat(hub.postures().refusals()).last().asString().contains("is unsigned");
        assertThat(hub.postures().refusals()).hasSize(3);
        assertThat(hub.postures().latest(a.nodeId()).orElseThrow().posture()).isEqualTo(kept.posture());
    }

    @Test
    void aReplayedOrOlderPostureIsRefused() throws Exception {
        NodeAgent a = node("hospital-a", OPENSSL_OLD);
        await(() -> hub.postures().latest(a.nodeId()).isPresent());
        Posture kept = hub.postures().latest(a.nodeId()).orElseThrow().posture();
        // the same posture again, correctly signed by a: a replay
        sendAs(a, PostureReporter.sign(kept, signer(a)));
        assertThat(hub.postures().refusals()).last().asString().contains("is not newer than the one kept").contains("a replay");
        // an older one (e.g. from before a package upgrade)
        sendAs(a, PostureReporter.sign(kept.toBuilder().clearPackages().setTakenAtEpochMs(kept.getTakenAtEpochMs() - 60_000).build(), signer(a)));
        assertThat(hub.postures().refusals()).hasSize(2).last().asString().contains("a replay");
        assertThat(hub.postures().latest(a.nodeId()).orElseThrow().posture()).isEqualTo(kept);
        // a newer one is accepted
        Posture newer = kept.toBuilder().clearPackages().setTakenAtEpochMs(kept.getTakenAtEpochMs() + 1).build();
        sendAs(a, PostureReporter.sign(newer, signer(a)));
        assertThat(hub.postures().latest(a.nodeId()).orElseThrow().posture()).isEqualTo(newer);
    }

    /** The one test on this machine's real dpkg database: on Debian, the list is not empty and names dpkg itself. */
    @Test
    void dpkgQueryListsTheInstalledPackagesOnDebian() {
        assumeTrue(Files.exists(Path.of("/etc/debian_version")), "not a Debian host");
        HostPackages.Listing l = new DpkgPackages().list();
        assertThat(l.source()).isEqualTo("dpkg-query");
        assertThat(l.packages()).isNotEmpty();
        assertThat(l.packages()).anySatisfy(p -> assertThat(p.name()).isEqualTo("dpkg"));
    }
}
