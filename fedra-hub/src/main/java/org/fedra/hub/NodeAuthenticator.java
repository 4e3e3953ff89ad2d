package org.fedra.hub;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.v1.EnrolmentGrpc;

/**
 * Zero trust at the hub's gRPC door: every call except enrolment needs a client certificate that
 * the TLS layer already checked against the federation CA, whose node is enrolled with exactly
 * that certificate and not revoked. Checked on every call, so a revocation bites at once.
 */
final class NodeAuthenticator implements ServerInterceptor {
    static final Context.Key<String> NODE_ID = Context.key("fedra-node-id");

    /** Told of each call refused (threat detection). */
    interface Refusals {
        /** @param revoked whether the certificate is a revoked node's own */
        void refused(String nodeId, String why, boolean revoked);
    }

    private final NodeRegistry registry;
    private final Refusals refusals;

    NodeAuthenticator(NodeRegistry registry) {
        this(registry, (node, why, revoked) -> { });
    }

    NodeAuthenticator(NodeRegistry registry, Refusals refusals) {
        this.registry = registry;
        this.refusals = refusals;
    }

    private void refused(String nodeId, String why, boolean revoked) {
        try {
            refusals.refused(nodeId, why, revoked);
        } catch (RuntimeException e) {
            // detection must not change what the caller is told
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getServiceName().equals(EnrolmentGrpc.SERVICE_NAME)) {
            return next.startCall(call, headers);
        }
        X509Certificate cert = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (cert == null) {
            java.net.SocketAddress from = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            String host = from instanceof java.net.InetSocketAddress a ? a.getHostString() : String.valueOf(from);
            refused("(no certificate) " + host, "a call without a client certificate from " + host, false);
            call.close(Status.UNAUTHENTICATED.withDescription("a client certificate from the federation CA is required; enrol first"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        String nodeId = Certificates.commonName(cert);
        Optional<NodeRecord> node = registry.find(nodeId);
        if (node.isEmpty() || !node.get().certificateFingerprint().equals(Certificates.fingerprint(cert))) {
            refused(nodeId, "a certificate for " + nodeId + " that is not the one it is enrolled with", false);
            call.close(Status.PERMISSION_DENIED.withDescription("node " + nodeId + " is not enrolled with this certificate"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        if (node.get().revoked()) {
            refused(nodeId, "revoked node " + nodeId + " tried to connect (revoked: " + node.get().revocationReason() + ")", true);
            call.close(Status.PERMISSION_DENIED.withDescription("node " + nodeId + " has been revoked: " + node.get().revocationReason()), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(NODE_ID, nodeId), call, headers, next);
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
