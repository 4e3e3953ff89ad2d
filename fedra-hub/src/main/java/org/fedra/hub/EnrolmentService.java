package org.fedra.hub;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.CertificateEncodingException;
import org.fedra.protocol.audit.AuditText;
import org.fedra.protocol.v1.EnrolRequest;
import org.fedra.protocol.v1.EnrolResponse;
import org.fedra.protocol.v1.EnrolmentGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrolment call: a token and a CSR in, a certificate out. Anyone may call it, so every description it sends back
 * or logs is cleaned and bounded ({@link AuditText#within}); a rate-limited caller gets {@code RESOURCE_EXHAUSTED}.
 */
final class EnrolmentService extends EnrolmentGrpc.EnrolmentImplBase {
    private static final Logger log = LoggerFactory.getLogger(EnrolmentService.class);
    /** The caller's address, set by {@link #sourceAddress()}. */
    private static final Context.Key<String> SOURCE = Context.key("fedra-enrolment-source");
    private static final int MAX_DESCRIPTION = 300;

    private final Enrolments enrolments;
    private final CertificateAuthority ca;

    EnrolmentService(Enrolments enrolments, CertificateAuthority ca) {
        this.enrolments = enrolments;
        this.ca = ca;
    }

    /** Puts the caller's IP address (without the port) into the call's context, for the rate limit. */
    static ServerInterceptor sourceAddress() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                SocketAddress a = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                String source = a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
                return Contexts.interceptCall(Context.current().withValue(SOURCE, source), call, headers, next);
            }
        };
    }

    @Override
    public void enrol(EnrolRequest request, StreamObserver<EnrolResponse> response) {
        String source = SOURCE.get() == null ? "unknown" : SOURCE.get();
        try {
            Enrolments.Enrolled e = enrolments.enrol(request.getToken(), request.getCsrDer().toByteArray(), request.getSoftwareVersion(), source);
            response.onNext(EnrolResponse.newBuilder().setNodeId(e.nodeId()).setOrganisation(e.organisation())
                    .setCertificateDer(com.google.protobuf.ByteString.copyFrom(e.certificate().getEncoded()))
                    .setCaCertificateDer(com.google.protobuf.ByteString.copyFrom(ca.certificate().getEncoded())).build());
            response.onCompleted();
        } catch (EnrolmentRefusedException e) {
            Status status = e.retryAfter().isPresent() ? Status.RESOURCE_EXHAUSTED : Status.PERMISSION_DENIED;
            response.onError(status.withDescription(AuditText.within(e.getMessage(), MAX_DESCRIPTION)).asRuntimeException());
        } catch (CertificateEncodingException | RuntimeException e) {
            String what = AuditText.within(e.getMessage(), MAX_DESCRIPTION);
            log.error("enrolment from {} failed on the hub: {}", source, what);
            response.onError(Status.INTERNAL.withDescription("enrolment failed on the hub: " + what).asRuntimeException());
        }
    }
}
