package org.fedra.protocol.pki;

import java.nio.file.Path;

/** A file Fedra relies on (a key, a certificate, a state file) is missing or cannot be read. */
public class CorruptFileException extends RuntimeException {
    private final Path path;

    public CorruptFileException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    public CorruptFileException(Path path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
