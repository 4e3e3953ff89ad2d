package org.fedra.node.analysis;

/** The node refuses to contribute to an analysis; the message (sent to the hub) says why, without patient data. */
public final class ContributionDeclinedException extends org.fedra.protocol.failure.Failure {
    public ContributionDeclinedException(String message) {
        super(org.fedra.protocol.failure.FailureReason.DISCLOSURE, message);
    }
}
