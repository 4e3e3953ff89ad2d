package org.fedra.hub;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.cert.CertificateEncodingException;
import org.fedra.protocol.v1.EnrolRequest;
import org.fedra.protocol.v1.EnrolResponse;
import org.fedra.protocol.v1.EnrolmentGrpc;

/** The enrolment call: a token and a CSR in, a certificate out. */
final class EnrolmentService extends EnrolmentGrpc.EnrolmentImplBase {
    private final Enrolments enrolments;
    private final CertificateAuthority ca;

    EnrolmentService(Enrolments enrolments, CertificateAuthority ca) {
        this.enrolments = enrolments;
        this.ca = ca;
    }

    @Override
    public void enrol(EnrolRequest request, StreamObserver<EnrolResponse> response) {
        try {
            Enrolments.Enrolled e = enrolments.enrol(request.getToken(), request.getCsrDer().toByteArray(), request.getSoftwareVersion());
            response.onNext(EnrolResponse.newBuilder().setNodeId(e.nodeId()).setOrganisation(e.organisation())
                    .setCertificateDer(com.google.protobuf.ByteString.copyFrom(e.certificate().getEncoded()))
                    .setCaCertificateDer(com.google.protobuf.ByteString.copyFrom(ca.certificate().getEncoded())).build());
            response.onCompleted();
        } catch (EnrolmentRefusedException e) {
            response.onError(Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException());
        } catch (CertificateEncodingException | RuntimeException e) {
            response.onError(Status.INTERNAL.withDescription("enrolment failed on the hub: " + e.getMessage()).asRuntimeException());
        }
    }
}
