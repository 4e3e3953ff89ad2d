package org.fedra.hub;

/** An enrolment the hub refuses: the reason is safe to tell the node. */
public final class EnrolmentRefusedException extends RuntimeException {
    public EnrolmentRefusedException(String reason) {
        super(reason);
    }
}
