package org.fedra.learn.fl;

/** A model specification that is malformed or out of bounds; {@link #path()} names the JSON path at fault. */
public final class ModelSpecException extends IllegalArgumentException {
    private final String path;

    public ModelSpecException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the offending field, e.g. {@code $.model.hidden[1]}. */
    public String path() {
        return path;
    }
}
