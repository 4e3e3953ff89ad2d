package org.fedra.node.study;

/** A steward decision on a contract that is not awaiting approval. */
public final class ContractAlreadyDecidedException extends org.fedra.protocol.failure.Failure {
    public ContractAlreadyDecidedException(String message) {
        super(org.fedra.protocol.failure.FailureReason.CONFLICT, message);
    }
}
