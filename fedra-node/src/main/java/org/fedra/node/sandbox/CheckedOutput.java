package org.fedra.node.sandbox;

import java.util.Objects;
import org.fedra.protocol.pkg.OutputKind;

/**
 * One declared output after the output check: releasable (possibly rewritten: rows suppressed, counts rounded) or
 * refused, with a note for people that says what was done or why it was refused, never what the data held.
 *
 * @param content the bytes that may leave (null when refused)
 * @param vector  for a numeric vector, its values, to be combined by secure summation only; else null
 */
public record CheckedOutput(String file, OutputKind kind, boolean releasable, byte[] content, double[] vector, String note) {
    public CheckedOutput {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(note, "note");
        if (releasable != (content != null)) throw new IllegalArgumentException("a releasable output has content, a refused one none");
        content = content == null ? null : content.clone();
        vector = vector == null ? null : vector.clone();
    }

    static CheckedOutput refused(String file, OutputKind kind, String why) {
        return new CheckedOutput(file, kind, false, null, null, why);
    }

    /** Whether it goes to the hub by secure aggregation (numeric vectors), not as plain content. */
    public boolean secureAggregation() {
        return kind == OutputKind.NUMERIC_VECTOR;
    }

    @Override
    public byte[] content() {
        return content == null ? null : content.clone();
    }

    @Override
    public double[] vector() {
        return vector == null ? null : vector.clone();
    }
}
