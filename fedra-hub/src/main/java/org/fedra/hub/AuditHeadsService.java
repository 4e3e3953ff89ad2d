package org.fedra.hub;

import io.grpc.stub.StreamObserver;
import java.util.List;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.v1.AuditHeadsGrpc;
import org.fedra.protocol.v1.HeldHead;
import org.fedra.protocol.v1.HeldHeads;
import org.fedra.protocol.v1.HeldHeadsRequest;
import org.fedra.protocol.v1.SignedAuditHead;

/**
 * Tells a node which heads of its own audit log the hub holds. The node is the one whose certificate the mutual-TLS
 * call presents ({@link NodeAuthenticator}): no node learns anything of another's log.
 */
final class AuditHeadsService extends AuditHeadsGrpc.AuditHeadsImplBase {
    private final HeldAuditHeads held;

    AuditHeadsService(HeldAuditHeads held) {
        this.held = held;
    }

    @Override
    public void held(HeldHeadsRequest request, StreamObserver<HeldHeads> response) {
        String nodeId = NodeAuthenticator.NODE_ID.get();
        List<HeldAuditHeads.Held> heads = held.held(nodeId, request.getLimit());
        HeldHeads.Builder out = HeldHeads.newBuilder().setTotal(held.count(nodeId));
        for (HeldAuditHeads.Held h : heads) {
            out.addHeads(HeldHead.newBuilder().setReceivedEpochMs(h.receivedAt().toEpochMilli()).setHead(SignedAuditHead.newBuilder()
                    .setCount(h.head().count()).setHash(h.head().hash()).setSignature(h.head().signature()).setTimeEpochMs(h.signedAt().toEpochMilli())));
        }
        response.onNext(out.build());
        response.onCompleted();
    }
}
