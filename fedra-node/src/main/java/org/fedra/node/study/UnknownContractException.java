package org.fedra.node.study;

/** A steward decision named a study this node has no contract for. */
public final class UnknownContractException extends RuntimeException {
    public UnknownContractException(String message) {
        super(message);
    }
}
