package org.fedra.node.projection;

/** The analytic projection cannot be brought in step with the store; no task may answer from it. */
public final class ProjectionUnavailableException extends RuntimeException {
    public ProjectionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
