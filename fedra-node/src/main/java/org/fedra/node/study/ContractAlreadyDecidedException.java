package org.fedra.node.study;

/** A steward decision on a contract that is not awaiting approval. */
public final class ContractAlreadyDecidedException extends RuntimeException {
    public ContractAlreadyDecidedException(String message) {
        super(message);
    }
}
