package org.fedra.node.rights;

/** A consent request id that is not in the patient's inbox (HTTP 404). */
public final class UnknownConsentRequestException extends RuntimeException {
    public UnknownConsentRequestException(String message) {
        super(message);
    }
}
