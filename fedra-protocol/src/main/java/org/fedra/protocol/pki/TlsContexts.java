package org.fedra.protocol.pki;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/** The TLS settings of the federation channel, in one place so hub, nodes and benchmarks agree. */
public final class TlsContexts {
    private TlsContexts() {}

    /**
     * The hub's server context. Client certificates are requested and, when sent, must chain to the
     * federation CA; they are optional at the TLS layer only so that an enrolling node (which has no
     * certificate yet) can reach the enrolment call. Every other call is refused without one by the
     * hub's authentication interceptor.
     */
    public static SslContext hubServer(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new)))
                    .trustManager(ca)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the hub's TLS context: " + e.getMessage(), e);
        }
    }

    /** A node's mutual-TLS client context: its own certificate, trusting only the federation CA. */
    public static SslContext nodeClient(PrivateKey key, List<X509Certificate> chain, X509Certificate ca) {
        try {
            return GrpcSslContexts.forClient()
                    .keyManager(key, chain.toArray(X509Certificate[]::new))
                    .trustManager(ca)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the node's TLS context: " + e.getMessage(), e);
        }
    }

    /** A server-authenticated-only client context for enrolment, trusting what the manager trusts. */
    public static SslContext enrolmentClient(X509TrustManager trust) {
        try {
            return GrpcSslContexts.forClient().trustManager(trust).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the enrolment TLS context: " + e.getMessage(), e);
        }
    }
}
