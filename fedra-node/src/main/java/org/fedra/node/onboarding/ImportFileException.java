package org.fedra.node.onboarding;

/** An input that cannot be imported at all (not JSON, not a bundle, unreadable mapping...); nothing was stored. */
public class ImportFileException extends RuntimeException {
    public ImportFileException(String message) {
        super(message);
    }

    public ImportFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
