package org.fedra.protocol.failure;

import org.fedra.protocol.v1.FailureCode;

/** The federation channel's edge: a {@link FailureReason} as the wire's {@link FailureCode} and back. */
public final class FailureCodes {
    private FailureCodes() {}

    public static FailureCode toWire(FailureReason reason) {
        return switch (reason) {
            case BAD_INPUT -> FailureCode.FAILURE_BAD_INPUT;
            case NOT_FOUND -> FailureCode.FAILURE_NOT_FOUND;
            case CONFLICT -> FailureCode.FAILURE_CONFLICT;
            case REFUSED_BY_POLICY -> FailureCode.FAILURE_REFUSED_BY_POLICY;
            case CONSENT -> FailureCode.FAILURE_CONSENT;
            case DISCLOSURE -> FailureCode.FAILURE_DISCLOSURE;
            case NODE_OFFLINE -> FailureCode.FAILURE_NODE_OFFLINE;
            case UNAUTHENTICATED -> FailureCode.FAILURE_UNAUTHENTICATED;
            case FORBIDDEN -> FailureCode.FAILURE_FORBIDDEN;
            case CANCELLED -> FailureCode.FAILURE_CANCELLED;
            case INTERNAL -> FailureCode.FAILURE_INTERNAL;
        };
    }

    /** The reason of a wire code; an unspecified code (a node of an older version) is internal. */
    public static FailureReason fromWire(FailureCode code) {
        return switch (code) {
            case FAILURE_BAD_INPUT -> FailureReason.BAD_INPUT;
            case FAILURE_NOT_FOUND -> FailureReason.NOT_FOUND;
            case FAILURE_CONFLICT -> FailureReason.CONFLICT;
            case FAILURE_REFUSED_BY_POLICY -> FailureReason.REFUSED_BY_POLICY;
            case FAILURE_CONSENT -> FailureReason.CONSENT;
            case FAILURE_DISCLOSURE -> FailureReason.DISCLOSURE;
            case FAILURE_NODE_OFFLINE -> FailureReason.NODE_OFFLINE;
            case FAILURE_UNAUTHENTICATED -> FailureReason.UNAUTHENTICATED;
            case FAILURE_FORBIDDEN -> FailureReason.FORBIDDEN;
            case FAILURE_CANCELLED -> FailureReason.CANCELLED;
            default -> FailureReason.INTERNAL;
        };
    }
}
