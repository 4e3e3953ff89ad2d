package org.fedra.node.study;

/** A steward decision named a study this node has no contract for. */
public final class UnknownContractException extends org.fedra.protocol.failure.Failure {
    public UnknownContractException(String message) {
        super(org.fedra.protocol.failure.FailureReason.NOT_FOUND, message);
    }
}
