package org.fedra.node.fhir;

/** A FHIR resource that cannot be parsed or fails Fedra's validation; the message says what and where. */
public class InvalidResourceException extends RuntimeException {
    public InvalidResourceException(String message) {
        super(message);
    }

    public InvalidResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
