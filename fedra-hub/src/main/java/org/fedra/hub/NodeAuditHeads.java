package org.fedra.hub;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.fedra.protocol.audit.AuditHeadMessages;
import org.fedra.protocol.audit.AuditHeadSchedule;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.v1.SignedAuditHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of the audit head exchange: keeps every signed head of every node's audit log that the node sends
 * (at each connection and as its log grows), so that a node's log can be checked against them later, and sends the
 * hub's own head to the nodes, which keep it. A node whose head goes back is recorded at once.
 */
final class NodeAuditHeads {
    private static final Logger log = LoggerFactory.getLogger(NodeAuditHeads.class);

    private final HeldAuditHeads held;
    private final NodeRegistry registry;
    private final AuditLog audit;
    private final X509Certificate hubCertificate;
    private final X509Certificate ca;
    private final Clock clock;
    private final AuditHeadSchedule schedule;

    NodeAuditHeads(HeldAuditHeads held, NodeRegistry registry, AuditLog audit, X509Certificate hubCertificate, X509Certificate ca, Clock clock,
                   AuditHeadSchedule schedule) {
        this.held = held;
        this.registry = registry;
        this.audit = audit;
        this.hubCertificate = hubCertificate;
        this.ca = ca;
        this.clock = clock;
        this.schedule = schedule;
    }

    HeldAuditHeads held() {
        return held;
    }

    /** A node sent a head of its log: kept when its certificate is the node's and its signature holds. */
    void received(String nodeId, SignedAuditHead m) {
        String fingerprint = registry.find(nodeId).map(NodeRecord::certificateFingerprint).orElse("");
        held.receive(nodeId, Principal.node(nodeId), m, ca, cert -> Certificates.fingerprint(cert).equals(fingerprint), audit, clock.instant())
                .ifPresent(what -> {
                    log.warn("{}", what);
                    try {
                        failed.accept(nodeId, what);
                    } catch (RuntimeException e) {
                        log.warn("audit head failure not raised as an alert: {}", e.getMessage());
                    }
                });
    }

    private volatile java.util.function.BiConsumer<String, String> failed = (node, what) -> { };

    /** Calls {@code l} with the node and what is wrong when a node's audit head does not verify or goes back. */
    void onFailure(java.util.function.BiConsumer<String, String> l) {
        this.failed = l;
    }

    /** Sends the hub's head to a node that just connected. */
    void connected(NodeSession session) {
        session.sendAuditHead(AuditHeadMessages.of(audit, hubCertificate, clock.instant()));
    }

    /** Sends the hub's head to every connected node when it is due (run on the hub's timer). */
    void broadcast(Collection<NodeSession> sessions) {
        try {
            Instant now = clock.instant();
            long count = audit.head().count();
            if (!schedule.due(count, now)) {
                return;
            }
            SignedAuditHead m = AuditHeadMessages.of(audit, hubCertificate, now);
            for (NodeSession s : sessions) {
                s.sendAuditHead(m);
            }
            schedule.sent(count, now);
        } catch (RuntimeException e) {
            // a stream closing under the loop; the next run sends again (a timer task must not throw)
            log.debug("audit head not broadcast: {}", e.getMessage());
        }
    }
}
