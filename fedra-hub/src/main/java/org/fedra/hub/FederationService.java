package org.fedra.hub;

import org.fedra.protocol.audit.AuditAction;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.FailureCodes;
import org.fedra.protocol.v1.FederationGrpc;
import org.fedra.protocol.v1.HubMessage;
import org.fedra.protocol.v1.InventoryReport;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.TaskResultChunk;

/** The hub's end of the nodes' streams: status tracking, heartbeats, results. */
final class FederationService extends FederationGrpc.FederationImplBase {
    private final Map<String, NodeSession> sessions;
    private final NodeRegistry registry;
    private final TaskDispatcher dispatcher;
    private final Catalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration heartbeat;
    private final NodeAuditHeads auditHeads;
    private final org.fedra.hub.security.PostureBook postures;
    /** Told of each node welcomed (the quarantine tells a quarantined node so again). */
    private final java.util.List<java.util.function.Consumer<NodeSession>> welcomed = new java.util.concurrent.CopyOnWriteArrayList<>();

    FederationService(Map<String, NodeSession> sessions, NodeRegistry registry, TaskDispatcher dispatcher, Catalog catalog, AuditLog audit, Clock clock,
                      Duration heartbeat, NodeAuditHeads auditHeads, org.fedra.hub.security.PostureBook postures) {
        this.postures = postures;
        this.auditHeads = auditHeads;
        this.catalog = catalog;
        this.sessions = sessions;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    @Override
    public StreamObserver<NodeMessage> connect(StreamObserver<HubMessage> out) {
        String nodeId = NodeAuthenticator.NODE_ID.get();
        NodeSession session = new NodeSession(nodeId, out, clock.instant());
        return new StreamObserver<>() {
            @Override
            public void onNext(NodeMessage m) {
                try {
                    switch (m.getKindCase()) {
                        case HELLO -> hello(session, m.getHello().getSoftwareVersion());
                        case HEARTBEAT -> {
                            session.seen(clock.instant());
                            registry.markSeen(nodeId, clock.instant());
                        }
                        case RESULT -> result(session, m.getResult());
                        case INVENTORY -> inventory(session, m.getInventory());
                        case AUDIT_HEAD -> auditHeads.received(nodeId, m.getAuditHead());
                        case POSTURE -> posture(session, m.getPosture());
                        case PROGRESS -> {
                            session.seen(clock.instant());
                            dispatcher.progress(nodeId, m.getProgress().getTaskId(), m.getProgress().getDone(), m.getProgress().getTotal(),
                                    m.getProgress().getMessage());
                        }
                        default -> session.close(Status.INVALID_ARGUMENT.withDescription("unknown message from node"));
                    }
                } catch (RuntimeException e) {
                    session.close(Status.INTERNAL.withDescription("hub could not process the node's message: " + e.getMessage()));
                    gone(session, "protocol error: " + e.getMessage());
                }
            }

            @Override
            public void onError(Throwable t) {
                gone(session, Status.fromThrowable(t).toString());
            }

            @Override
            public void onCompleted() {
                session.close(Status.OK);
                gone(session, "node closed the stream");
            }
        };
    }

    private void hello(NodeSession session, String version) {
        String nodeId = session.nodeId();
        NodeSession previous = sessions.put(nodeId, session);
        if (previous != null && previous != session) {
            previous.close(Status.ABORTED.withDescription("replaced by a newer connection from the same node"));
        }
        registry.markOnline(nodeId, version, clock.instant());
        String organisation = registry.find(nodeId).map(NodeRecord::organisation).orElse("");
        session.welcome(organisation, heartbeat.toMillis());
        auditHeads.connected(session);
        audit.append(AuditAction.NODE_CONNECTED, nodeId + " (" + organisation + "), software " + version);
        welcomed.forEach(w -> w.accept(session));
        dispatcher.connected(session);
    }

    /** Calls {@code l} with each node's session once it is welcomed, before its waiting tasks are delivered. */
    void onWelcomed(java.util.function.Consumer<NodeSession> l) {
        welcomed.add(l);
    }

    private void result(NodeSession session, TaskResultChunk c) {
        session.seen(clock.instant());
        byte[] payload = session.addResultChunk(c);
        if (payload != null) {
            dispatcher.result(session.nodeId(), c.getTaskId(), c.getOk(), payload, c.getError(), FailureCodes.fromWire(c.getFailure()));
        }
    }

    private void inventory(NodeSession session, InventoryReport report) {
        session.seen(clock.instant());
        int n = catalog.replace(session.nodeId(), report, clock.instant());
        audit.append(AuditAction.CATALOG_UPDATED, session.nodeId() + ": " + n + " counts, " + report.getSuppressed() + " suppressed by the node");
    }

    /** A refused posture is audited and the stream stays open: the node's previous posture is kept. */
    private void posture(NodeSession session, org.fedra.protocol.v1.SignedPosture m) {
        session.seen(clock.instant());
        try {
            var p = postures.receive(session.nodeId(), m, clock.instant()).posture();
            audit.append(AuditAction.POSTURE_RECEIVED, session.nodeId() + ": software " + p.getSoftwareVersion() + ", code sha256 " + p.getCodeSha256()
                    + " (" + p.getCodeMeasured() + "), " + p.getPackagesCount() + " packages (" + p.getPackagesSource() + "), "
                    + p.getRemediationsCount() + " declared remediations");
        } catch (org.fedra.hub.security.PostureRefusedException e) {
            audit.append(AuditAction.POSTURE_REFUSED, e.getMessage());
        }
    }

    private void gone(NodeSession session, String why) {
        if (sessions.remove(session.nodeId(), session)) {
            registry.markOffline(session.nodeId());
            audit.append(AuditAction.NODE_DISCONNECTED, session.nodeId() + ": " + why);
        }
    }
}
