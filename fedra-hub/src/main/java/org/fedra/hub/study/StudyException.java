package org.fedra.hub.study;

import org.fedra.hub.HttpFailures;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;

/** A study request or analysis request that cannot be carried out, with its reason; the message says what was wrong. */
public final class StudyException extends Failure {
    public StudyException(FailureReason reason, String message) {
        super(reason, message);
    }

    /**
     * A failure given by the HTTP status it used to answer with.
     *
     * @deprecated name the {@link FailureReason}; the API maps it to a status
     */
    @Deprecated
    public StudyException(int httpStatus, String message) {
        this(HttpFailures.reason(httpStatus), message);
    }

    /** The status the hub's API answers this failure with. */
    public int httpStatus() {
        return HttpFailures.status(reason());
    }
}
