package org.fedra.protocol.failure;

import java.util.Objects;

/**
 * A refusal or failure with its {@linkplain FailureReason reason}. The message is written for the person who asked
 * (a researcher, a steward, an operator) and never contains patient-level data: it crosses the federation and ends up
 * in logs and terminals.
 */
public class Failure extends RuntimeException {
    private final FailureReason reason;

    public Failure(FailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Failure(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureReason reason() {
        return reason;
    }

    public static Failure badInput(String message) {
        return new Failure(FailureReason.BAD_INPUT, message);
    }

    public static Failure notFound(String message) {
        return new Failure(FailureReason.NOT_FOUND, message);
    }

    public static Failure conflict(String message) {
        return new Failure(FailureReason.CONFLICT, message);
    }

    public static Failure refused(String message) {
        return new Failure(FailureReason.REFUSED_BY_POLICY, message);
    }

    public static Failure consent(String message) {
        return new Failure(FailureReason.CONSENT, message);
    }

    public static Failure disclosure(String message) {
        return new Failure(FailureReason.DISCLOSURE, message);
    }

    public static Failure nodeOffline(String message) {
        return new Failure(FailureReason.NODE_OFFLINE, message);
    }

    public static Failure cancelled(String message) {
        return new Failure(FailureReason.CANCELLED, message);
    }

    /** The reason of any throwable: a {@link Failure}'s own, bad input for argument errors, otherwise internal. */
    public static FailureReason reasonOf(Throwable t) {
        if (t instanceof Failure f) {
            return f.reason();
        }
        if (t instanceof IllegalArgumentException) {
            return FailureReason.BAD_INPUT;
        }
        return FailureReason.INTERNAL;
    }
}
