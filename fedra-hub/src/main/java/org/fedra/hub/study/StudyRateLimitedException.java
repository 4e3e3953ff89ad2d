package org.fedra.hub.study;

import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;

/**
 * An organisation asked for one study more than the hub's {@link StudyRateLimit} allows. The HTTP API answers it with
 * 429 and a {@code Retry-After}; the message names the limit and when the next study fits.
 */
public final class StudyRateLimitedException extends Failure {
    private final String organisation;
    private final StudyRateLimit.Refusal refusal;

    public StudyRateLimitedException(String organisation, StudyRateLimit.Refusal refusal) {
        super(FailureReason.REFUSED_BY_POLICY, "organisation " + organisation + " has reached the hub's limit of " + refusal.limit().describe()
                + "; the next study can be created at " + refusal.resetsAt() + " (in " + refusal.retryAfterSeconds() + " s)");
        this.organisation = organisation;
        this.refusal = refusal;
    }

    public String organisation() {
        return organisation;
    }

    public StudyRateLimit.Refusal refusal() {
        return refusal;
    }
}
