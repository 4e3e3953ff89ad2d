package org.fedra.protocol.analysis;

/** An analysis request that is malformed; the message names the JSON path of what was wrong. */
public final class AnalysisSpecException extends IllegalArgumentException {
    private final String path;

    public AnalysisSpecException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the offending field, e.g. {@code $.predictors[2].code}. */
    public String path() {
        return path;
    }
}
