package org.fedra.node.onboarding.dicom;

/** Orthanc could not be reached (refused, timed out); what was imported so far is kept and a re-run resumes. */
public class OrthancUnavailableException extends RuntimeException {
    public OrthancUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
