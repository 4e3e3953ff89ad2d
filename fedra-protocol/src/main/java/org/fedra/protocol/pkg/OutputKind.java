package org.fedra.protocol.pkg;

import java.util.Arrays;
import java.util.Optional;

/** What a declared output is, which decides how the node's output check treats it before anything leaves. */
public enum OutputKind {
    /**
     * A CSV table (header row, comma-separated) of aggregates. Rows whose count is below the node's minimum cell count
     * are suppressed and counts are rounded; a table that looks record-level is refused.
     */
    AGGREGATE_TABLE("aggregate-table"),
    /** A JSON array of finite numbers of a declared length, combined across nodes by secure summation only. */
    NUMERIC_VECTOR("numeric-vector"),
    /** A fitted model in any format (an R {@code .rds}, a JSON of coefficients); its size is bounded. */
    MODEL_FILE("model-file");

    private final String code;

    OutputKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<OutputKind> ofCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }
}
