package org.fedra.privacy.ristretto;

/** Thrown when bytes are not the canonical encoding of a Ristretto255 element or scalar. */
public final class InvalidEncodingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong with the input */
    public InvalidEncodingException(String message) {
        super(message);
    }
}
