package org.fedra.node.fhir;

/** The node's database failed; nothing of the failed operation was written (it ran in one transaction). */
public class DataAccessException extends RuntimeException {
    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
