package org.fedra.node.sandbox;

import java.util.Objects;

/**
 * Standard output or error of a run, as the researcher may see it: the text when it passed the output check, or
 * nothing and the reason it was withheld.
 *
 * @param stream {@code standard output} or {@code standard error}
 * @param text   the text, null when withheld
 */
public record CheckedLog(String stream, String text, String withheldBecause) {
    public CheckedLog {
        Objects.requireNonNull(stream, "stream");
        if ((text == null) == (withheldBecause == null)) throw new IllegalArgumentException("a log is either passed or withheld");
    }

    public boolean withheld() {
        return text == null;
    }

    /** What the researcher is shown. */
    public String shown() {
        return withheld() ? "(" + stream + " withheld: " + withheldBecause + ")" : text;
    }
}
