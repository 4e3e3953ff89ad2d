package org.fedra.privacy.secagg;

/** A secure-aggregation message or request was invalid: tampered, out of place, or unsafe to answer. */
public class SecureAggregationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and in which message */
    public SecureAggregationException(String message) {
        super(message);
    }

    /** @param message what was wrong; @param cause the underlying failure */
    public SecureAggregationException(String message, Throwable cause) {
        super(message, cause);
    }
}
