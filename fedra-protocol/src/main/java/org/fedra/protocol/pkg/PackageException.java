package org.fedra.protocol.pkg;

import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;

/**
 * A package that cannot be used: a manifest field that is missing or wrong, a file the package may not hold, an
 * archive that is malformed. The message names where: {@code manifest.json $.outputs[1].kind: ...} or
 * {@code lib/helper.py: ...}.
 */
public final class PackageException extends Failure {
    private final String where;

    public PackageException(String where, String problem) {
        super(FailureReason.BAD_INPUT, where + ": " + problem);
        this.where = where;
    }

    /** The file, or the file and JSON path, of the problem. */
    public String where() {
        return where;
    }
}
