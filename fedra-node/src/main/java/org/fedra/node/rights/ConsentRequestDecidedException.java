package org.fedra.node.rights;

/** A consent request the patient already accepted or declined; a decision is not taken twice (HTTP 409). */
public final class ConsentRequestDecidedException extends RuntimeException {
    public ConsentRequestDecidedException(String message) {
        super(message);
    }
}
