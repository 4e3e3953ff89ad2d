package org.fedra.protocol.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.fedra.protocol.json.JsonCodec;

/**
 * One output a package promises to write into its output directory. Nothing else it writes leaves the node.
 *
 * <p>JSON: {@code {"file": "km.csv", "kind": "aggregate-table", "countColumn": "n.risk"}},
 * {@code {"file": "sums.json", "kind": "numeric-vector", "length": 6}} or {@code {"file": "model.rds", "kind": "model-file"}}.
 *
 * @param file        file name in the output directory (no sub-directories)
 * @param kind        what it is
 * @param countColumn aggregate tables: the column holding each row's number of patients (minimum cell count and
 *                    rounding apply to it); null when the table has no such column
 * @param length      numeric vectors: how many numbers; 0 for the other kinds
 */
public record DeclaredOutput(String file, OutputKind kind, String countColumn, int length) {
    /** Output file names: a letter or digit, then letters, digits, dot, dash, underscore; at most 100 characters. */
    public static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Longest numeric vector a package may declare. */
    public static final int MAX_LENGTH = 10_000_000;

    private static final Set<String> FIELDS = Set.of("file", "kind", "countColumn", "length");

    public DeclaredOutput {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
    }

    public static DeclaredOutput table(String file, String countColumn) {
        return new DeclaredOutput(file, OutputKind.AGGREGATE_TABLE, countColumn, 0);
    }

    public static DeclaredOutput vector(String file, int length) {
        return new DeclaredOutput(file, OutputKind.NUMERIC_VECTOR, null, length);
    }

    public static DeclaredOutput model(String file) {
        return new DeclaredOutput(file, OutputKind.MODEL_FILE, null, 0);
    }

    /** Reads one declaration; {@code where} is e.g. {@code manifest.json $.outputs[0]}. */
    static DeclaredOutput parse(JsonNode n, String where) {
        if (n == null || !n.isObject()) throw new PackageException(where, "must be an object with file and kind");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new PackageException(where + "." + f, "unknown field (known: " + new java.util.TreeSet<>(FIELDS) + ")");
        }
        String file = ManifestFields.text(n, "file", where, true);
        if (!FILE_NAME.matcher(file).matches()) {
            throw new PackageException(where + ".file", "\"" + file + "\" is not a plain file name (letters, digits, . _ -; no directories)");
        }
        String kindCode = ManifestFields.text(n, "kind", where, true);
        OutputKind kind = OutputKind.ofCode(kindCode).orElseThrow(() -> new PackageException(where + ".kind",
                "unknown kind \"" + kindCode + "\" (known: aggregate-table, numeric-vector, model-file)"));
        String countColumn = ManifestFields.text(n, "countColumn", where, false);
        if (countColumn != null && kind != OutputKind.AGGREGATE_TABLE) {
            throw new PackageException(where + ".countColumn", "only an aggregate-table has a count column");
        }
        int length = 0;
        JsonNode l = n.get("length");
        if (kind == OutputKind.NUMERIC_VECTOR) {
            if (l == null || !l.isIntegralNumber() || !l.canConvertToInt() || l.intValue() < 1 || l.intValue() > MAX_LENGTH) {
                throw new PackageException(where + ".length", "a numeric-vector needs its length, a whole number from 1 to " + MAX_LENGTH);
            }
            length = l.intValue();
        } else if (l != null) {
            throw new PackageException(where + ".length", "only a numeric-vector has a length");
        }
        if (kind == OutputKind.AGGREGATE_TABLE && !file.endsWith(".csv")) {
            throw new PackageException(where + ".file", "an aggregate-table is a CSV file; name it *.csv");
        }
        if (kind == OutputKind.NUMERIC_VECTOR && !file.endsWith(".json")) {
            throw new PackageException(where + ".file", "a numeric-vector is a JSON array; name it *.json");
        }
        return new DeclaredOutput(file, kind, countColumn, length);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object().put("file", file).put("kind", kind.code());
        if (countColumn != null) o.put("countColumn", countColumn);
        if (kind == OutputKind.NUMERIC_VECTOR) o.put("length", length);
        return o;
    }
}
