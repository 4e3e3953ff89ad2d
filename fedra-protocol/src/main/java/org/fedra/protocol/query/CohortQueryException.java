package org.fedra.protocol.query;

/** A cohort query that cannot run, with the JSON path of the offending part (e.g. {@code $.and[1].observation.min}). */
public final class CohortQueryException extends RuntimeException {
    private final String path;

    public CohortQueryException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** JSON path of the part that is wrong; {@code $} is the whole query. */
    public String path() {
        return path;
    }
}
