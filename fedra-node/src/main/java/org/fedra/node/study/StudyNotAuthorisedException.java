package org.fedra.node.study;

/** A task named a study that has no accepted contract on this node for the analysis it asked for. */
public final class StudyNotAuthorisedException extends org.fedra.protocol.failure.Failure {
    public StudyNotAuthorisedException(String message) {
        super(org.fedra.protocol.failure.FailureReason.REFUSED_BY_POLICY, message);
    }
}
