package org.fedra.node;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.EnrolmentToken;
import org.fedra.protocol.pki.Pem;
import org.fedra.protocol.pki.PinnedCaTrustManager;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.EnrolRequest;
import org.fedra.protocol.v1.EnrolResponse;
import org.fedra.protocol.v1.EnrolmentGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrols a node: sends a CSR with the token to the hub over TLS that trusts only the CA whose
 * fingerprint the token carries, and stores the certificate it gets back.
 */
final class Enroller {
    private static final Logger log = LoggerFactory.getLogger(Enroller.class);

    private Enroller() {}

    static NodeIdentity enrol(NodeConfig config) {
        EnrolmentToken token;
        try {
            token = EnrolmentToken.decode(config.token());
        } catch (IllegalArgumentException e) {
            throw new NodeRefusedException(e.getMessage());
        }
        Path dir = config.dataDir();
        KeyPair key = NodeIdentity.enrolmentKey(dir);
        byte[] csr = csr(key);
        Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), new java.util.Random());
        for (int attempt = 0; ; attempt++) {
            ManagedChannel channel = NettyChannelBuilder.forTarget(config.hubAddress())
                    .sslContext(TlsContexts.enrolmentClient(new PinnedCaTrustManager(token.caFingerprint()))).build();
            try {
                EnrolResponse r = EnrolmentGrpc.newBlockingStub(channel).withDeadlineAfter(15, TimeUnit.SECONDS)
                        .enrol(EnrolRequest.newBuilder().setToken(config.token()).setCsrDer(ByteString.copyFrom(csr))
                                .setSoftwareVersion(config.softwareVersion()).build());
                X509Certificate cert = Pem.toCertificate(r.getCertificateDer().toByteArray());
                X509Certificate ca = Pem.toCertificate(r.getCaCertificateDer().toByteArray());
                if (!Certificates.fingerprint(ca).equals(token.caFingerprint()) || !cert.getPublicKey().equals(key.getPublic())) {
                    throw new NodeRefusedException("the hub returned a certificate that does not match this node's key or the token's CA");
                }
                NodeIdentity id = new NodeIdentity(r.getNodeId(), r.getOrganisation(), config.hubAddress(), key, cert, ca);
                id.save(dir);
                log.info("enrolled as {} ({}) with the hub at {}", id.nodeId(), id.organisation(), config.hubAddress());
                return id;
            } catch (StatusRuntimeException e) {
                if (causedBy(e, CertificateException.class)) {
                    throw new NodeRefusedException("the server at " + config.hubAddress()
                            + " is not the hub of the federation named in the token: its certificate does not chain to the CA with fingerprint "
                            + token.caFingerprint());
                }
                Status.Code code = e.getStatus().getCode();
                if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED) {
                    throw new NodeRefusedException("the hub refused enrolment: " + e.getStatus().getDescription());
                }
                if (config.enrolAttempts() > 0 && attempt + 1 >= config.enrolAttempts()) {
                    throw new HubUnreachableException("cannot reach the hub at " + config.hubAddress() + " after " + (attempt + 1)
                            + " attempts: " + describe(e));
                }
                Duration wait = backoff.delay(attempt);
                log.warn("cannot reach the hub at {} ({}); retrying in {} ms", config.hubAddress(), describe(e), wait.toMillis());
                sleep(wait);
            } finally {
                channel.shutdownNow();
            }
        }
    }

    static String describe(StatusRuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String d = e.getStatus().getDescription();
        return e.getStatus().getCode() + (d == null ? "" : ": " + d) + (root != e && root.getMessage() != null ? " (" + root.getMessage() + ")" : "");
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] csr(KeyPair key) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=enrolling node"), key.getPublic())
                    .build(new JcaContentSignerBuilder(Certificates.SIGNATURE_ALGORITHM).build(key.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the certificate signing request: " + e.getMessage(), e);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
