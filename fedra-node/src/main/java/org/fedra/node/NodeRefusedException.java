package org.fedra.node;

/** The hub refused this node: a bad token at enrolment, or a revoked or unknown certificate later. Retrying will not help. */
public final class NodeRefusedException extends RuntimeException {
    public NodeRefusedException(String message) {
        super(message);
    }
}
