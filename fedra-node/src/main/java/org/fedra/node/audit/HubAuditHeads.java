package org.fedra.node.audit;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
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
 * The node's side of the audit head exchange: sends the signed head of the node's audit log to the hub when the stream
 * opens and then as the log grows ({@link AuditHeadSchedule}), so the hub holds heads that a rolled-back or rewritten
 * log no longer matches; keeps the heads of the hub's log that the hub sends, and records one that goes back.
 */
public final class HubAuditHeads {
    /** How the hub's heads are kept: under this owner name in {@code held_audit_heads}. */
    public static final String HUB = "hub";
    private static final Logger log = LoggerFactory.getLogger(HubAuditHeads.class);

    private final AuditLog audit;
    private final X509Certificate certificate;
    private final X509Certificate ca;
    private final HeldAuditHeads held;
    private final Clock clock;
    private final AuditHeadSchedule schedule;
    private volatile Consumer<SignedAuditHead> hub;

    /**
     * @param certificate the node's certificate (its audit key's)
     * @param ca          the federation CA, which must have issued the hub's certificate
     */
    public HubAuditHeads(AuditLog audit, X509Certificate certificate, X509Certificate ca, HeldAuditHeads held, Clock clock, AuditHeadSchedule schedule) {
        this.audit = audit;
        this.certificate = certificate;
        this.ca = ca;
        this.held = held;
        this.clock = clock;
        this.schedule = schedule;
    }

    /** The stream to the hub opened: the node's head goes out now, and later ones through {@code send}. */
    public void connected(Consumer<SignedAuditHead> send) {
        hub = send;
        sendNow();
    }

    /** The stream closed: nothing is sent until the next {@link #connected}. */
    public void disconnected() {
        hub = null;
    }

    /** Sends the head if it is due (run on the node's timer). */
    public void tick() {
        if (hub != null && schedule.due(audit.head().count(), clock.instant())) {
            sendNow();
        }
    }

    /** The hub sent a head of its log: kept when the federation CA issued its certificate to the hub and it is signed. */
    public void received(SignedAuditHead m) {
        held.receive(HUB, Principal.hub(), m, ca, cert -> Certificates.commonName(cert).equals(HUB), audit, clock.instant())
                .ifPresent(what -> log.warn("{}", what));
    }

    private void sendNow() {
        Consumer<SignedAuditHead> send = hub;
        if (send == null) {
            return;
        }
        try {
            Instant now = clock.instant();
            SignedAuditHead m = AuditHeadMessages.of(audit, certificate, now);
            send.accept(m);
            schedule.sent(m.getCount(), now);
        } catch (RuntimeException e) {
            // the stream is ending; the head goes out at the next connection
            log.debug("audit head not sent: {}", e.getMessage());
        }
    }
}
