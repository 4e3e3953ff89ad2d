package org.fedra.hub;

import org.fedra.protocol.failure.FailureReason;

/**
 * The HTTP edge of the hub: the status a {@link FailureReason} answers with. The domain names reasons; only the API
 * turns them into statuses.
 */
public final class HttpFailures {
    private HttpFailures() {}

    public static int status(FailureReason reason) {
        return switch (reason) {
            case BAD_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            // the request was sound, but the federation's state, its nodes or their rules do not let it happen now
            case CONFLICT, REFUSED_BY_POLICY, CONSENT, DISCLOSURE, NODE_OFFLINE, CANCELLED -> 409;
            case INTERNAL -> 500;
        };
    }

    /** The reason an older status code stood for (code that still names statuses). */
    public static FailureReason reason(int status) {
        return switch (status) {
            case 400 -> FailureReason.BAD_INPUT;
            case 401 -> FailureReason.UNAUTHENTICATED;
            case 403 -> FailureReason.FORBIDDEN;
            case 404 -> FailureReason.NOT_FOUND;
            case 409 -> FailureReason.CONFLICT;
            default -> FailureReason.INTERNAL;
        };
    }
}
