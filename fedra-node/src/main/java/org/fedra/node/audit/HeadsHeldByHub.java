package org.fedra.node.audit;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedra.node.HubUnreachableException;
import org.fedra.node.NodeIdentity;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.audit.SignedHead;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.v1.AuditHeadsGrpc;
import org.fedra.protocol.v1.HeldHead;
import org.fedra.protocol.v1.HeldHeads;
import org.fedra.protocol.v1.HeldHeadsRequest;

/**
 * Asks the hub which heads of this node's audit log it holds, over mutual TLS with the node's own certificate: the
 * hub answers for the node the certificate names and no other, and no operator secret is needed on the hospital's
 * side. Works beside a running node (a separate call, not the node's stream).
 */
public final class HeadsHeldByHub {
    private HeadsHeldByHub() {}

    /**
     * @throws HubUnreachableException the hub could not be reached or refused the call
     */
    public static List<HeldAuditHeads.Held> fetch(NodeIdentity identity, Duration timeout) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(identity.hubAddress())
                .sslContext(TlsContexts.nodeClient(identity.key().getPrivate(), List.of(identity.certificate()), identity.caCertificate()))
                .build();
        try {
            HeldHeads r = AuditHeadsGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .held(HeldHeadsRequest.newBuilder().setLimit(HeldAuditHeads.MAX_LISTED).build());
            List<HeldAuditHeads.Held> out = new ArrayList<>();
            for (HeldHead h : r.getHeadsList()) {
                out.add(new HeldAuditHeads.Held(new SignedHead(h.getHead().getCount(), h.getHead().getHash(), h.getHead().getSignature()),
                        Instant.ofEpochMilli(h.getHead().getTimeEpochMs()), Instant.ofEpochMilli(h.getReceivedEpochMs())));
            }
            return out;
        } catch (StatusRuntimeException e) {
            throw new HubUnreachableException("cannot ask the hub at " + identity.hubAddress() + " for the heads it holds: " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
        } finally {
            channel.shutdownNow();
        }
    }
}
