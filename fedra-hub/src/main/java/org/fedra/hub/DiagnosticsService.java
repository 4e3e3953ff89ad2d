package org.fedra.hub;

import io.grpc.stub.StreamObserver;
import org.fedra.protocol.v1.DiagnosticsGrpc;
import org.fedra.protocol.v1.EchoMessage;

/** Echoes what an authenticated node sends: a connectivity check, and the benchmark's baseline. */
final class DiagnosticsService extends DiagnosticsGrpc.DiagnosticsImplBase {
    @Override
    public void echo(EchoMessage request, StreamObserver<EchoMessage> response) {
        response.onNext(request);
        response.onCompleted();
    }
}
