package org.fedra.node.onboarding.dicom;

/** A DICOM file that cannot be read; the message says what is wrong and at which byte offset. */
public class InvalidDicomException extends Exception {
    public InvalidDicomException(String message) {
        super(message);
    }
}
