package org.fedra.privacy.psi;

/** A PSI message was malformed, or a protocol step was called out of order. */
public final class PsiProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong and where */
    public PsiProtocolException(String message) {
        super(message);
    }

    /** @param message what was wrong and where; @param cause the underlying failure */
    public PsiProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
