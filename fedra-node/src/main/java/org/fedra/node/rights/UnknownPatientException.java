package org.fedra.node.rights;

/** The patient a rights request names is not held by this node. */
public class UnknownPatientException extends RuntimeException {
    public UnknownPatientException(String message) {
        super(message);
    }
}
