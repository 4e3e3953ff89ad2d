package org.fedra.privacy.secagg;

/** The round cannot finish, typically because fewer than the threshold of clients remain. */
public class RoundFailedException extends SecureAggregationException {
    private static final long serialVersionUID = 1L;

    /** @param message why the round failed */
    public RoundFailedException(String message) {
        super(message);
    }
}
