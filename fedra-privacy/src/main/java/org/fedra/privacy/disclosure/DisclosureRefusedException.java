package org.fedra.privacy.disclosure;

/** Thrown when releasing a result would disclose too small a group of patients. */
public final class DisclosureRefusedException extends RuntimeException {
    public DisclosureRefusedException(String message) {
        super(message);
    }
}
