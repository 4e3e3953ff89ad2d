package org.fedra.hub;

import java.time.Duration;
import java.util.Optional;

/** An enrolment the hub refuses: the reason is safe to tell the node. */
public final class EnrolmentRefusedException extends RuntimeException {
    private final Duration retryAfter;

    public EnrolmentRefusedException(String reason) {
        this(reason, null);
    }

    /** A refusal because too many enrolments from the same address failed: the caller may try again after {@code retryAfter}. */
    public EnrolmentRefusedException(String reason, Duration retryAfter) {
        super(reason);
        this.retryAfter = retryAfter;
    }

    /** Present when the refusal is a rate limit, not a judgement of the token. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
