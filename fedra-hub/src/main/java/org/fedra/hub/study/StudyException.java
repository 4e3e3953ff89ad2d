package org.fedra.hub.study;

/** A study request or analysis request that cannot be carried out; the message says what was wrong (HTTP 4xx). */
public final class StudyException extends RuntimeException {
    private final int httpStatus;

    public StudyException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
