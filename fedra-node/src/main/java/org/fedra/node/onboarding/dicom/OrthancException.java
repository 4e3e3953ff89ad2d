package org.fedra.node.onboarding.dicom;

/** Orthanc answered with an error status; the message carries the status and Orthanc's own explanation. */
public class OrthancException extends RuntimeException {
    private final int status;

    public OrthancException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
