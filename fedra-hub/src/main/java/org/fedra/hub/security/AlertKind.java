package org.fedra.hub.security;

/**
 * What a threat detection saw (issue 15, point 6), and the response the federation's policy takes to it (DESIGN
 * section 9): quarantine the node the alert is about, suspend the study, or nothing beyond the alert (the attempt was
 * already refused).
 */
public enum AlertKind {
    /** Calls with certificates the hub does not accept (unknown, replaced or revoked), repeated within a short window. */
    AUTHENTICATION_BURST(AlertResponse.NONE),
    /** Enrolment attempts refused from one address, repeated until the address was rate-limited. */
    ENROLMENT_BURST(AlertResponse.NONE),
    /** A revoked node tried to connect again. */
    REVOKED_NODE_RECONNECTING(AlertResponse.NONE),
    /** A quarantined node connected again (it stays quarantined). */
    QUARANTINED_NODE_RECONNECTING(AlertResponse.NONE),
    /** A study's queries refused by the nodes' query auditor keep coming: a differencing or reconstruction attempt. */
    REFUSED_QUERIES_REPEATING(AlertResponse.SUSPEND_STUDY),
    /** A node's training update is an outlier in norm or direction among the round's updates. */
    OUTLIER_UPDATE(AlertResponse.QUARANTINE_NODE),
    /** A node's audit log does not verify against the heads the hub holds (rolled back, rewritten, or a forged head). */
    AUDIT_LOG_FAILED_VERIFICATION(AlertResponse.QUARANTINE_NODE);

    private final AlertResponse response;

    AlertKind(AlertResponse response) {
        this.response = response;
    }

    /** The policy's response. */
    public AlertResponse response() {
        return response;
    }
}
