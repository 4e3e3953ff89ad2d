package org.fedra.node.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.node.onboarding.CsvLine;
import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pkg.DeclaredOutput;
import org.fedra.protocol.pkg.OutputKind;

/**
 * The airlock: what a sandboxed run wrote passes the node's disclosure rules before anything leaves. Pure logic over the
 * bytes the run wrote and the {@link InputSummary} of its input.
 *
 * <p>Anything that looks record-level is refused, with the rule it broke:
 * <ul>
 *   <li>a table with as many rows as the input had patients (or more), a vector as long, a log with as many lines or as
 *       many numbers;</li>
 *   <li>a calendar date at day precision anywhere in a table or log;</li>
 *   <li>an identifier of the input (a pseudonym, a resource id), or a text column with a different value in every row;</li>
 *   <li>a line holding the values of an input patient's row that fewer than the minimum cell count of patients share
 *       (how a printed data frame or a copied input file looks).</li>
 * </ul>
 * Aggregate tables with a declared count column get the minimum cell count (a row counting fewer patients keeps only its
 * first column, the row's label; every other cell is blanked) and rounding of the counts. Numeric vectors are checked for
 * their declared length and finite values and are marked for secure aggregation. Model files cannot be read by a rule;
 * text ones are scanned for identifiers and patient rows, and the node's policy decides whether the steward reviews them.
 * Standard output and error pass the same rules as a whole: a log that fails is withheld entirely.
 *
 * <p>These rules catch the accidents and the obvious attacks (printing the data, writing it as a table); a determined
 * researcher can encode data past any such rule, which is why a node's policy can send every output to the steward.
 */
public final class OutputCheck {
    private final int minimumCellCount;
    private final int roundingBase;
    private final MinimumCellCount rule;

    public OutputCheck(int minimumCellCount, int roundingBase) {
        this.minimumCellCount = minimumCellCount;
        this.roundingBase = roundingBase;
        this.rule = MinimumCellCount.of(minimumCellCount);
    }

    public static OutputCheck of(PackagePolicy policy) {
        return new OutputCheck(policy.minimumCellCount(), policy.roundingBase());
    }

    /**
     * Checks every declared output. {@code files} holds the regular files the run left in its output directory; a declared
     * one that is not among them is refused as not written. Undeclared files are not looked at and never leave.
     */
    public List<CheckedOutput> outputs(List<DeclaredOutput> declared, Map<String, byte[]> files, InputSummary input) {
        List<CheckedOutput> out = new ArrayList<>();
        for (DeclaredOutput d : declared) {
            byte[] content = files.get(d.file());
            out.add(content == null ? CheckedOutput.refused(d.file(), d.kind(), "was not written (or is not a regular file)") : output(d, content, input));
        }
        return out;
    }

    /** Checks one output against its declaration. */
    public CheckedOutput output(DeclaredOutput d, byte[] content, InputSummary input) {
        if (input.patients() < minimumCellCount) {
            return CheckedOutput.refused(d.file(), d.kind(), "the run's input had fewer than " + minimumCellCount + " patients");
        }
        return switch (d.kind()) {
            case AGGREGATE_TABLE -> table(d, content, input);
            case NUMERIC_VECTOR -> vector(d, content, input);
            case MODEL_FILE -> model(d, content, input);
        };
    }

    /** Checks standard output or error; {@code stream} names it for the researcher. */
    public CheckedLog log(String stream, byte[] bytes, InputSummary input) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) return new CheckedLog(stream, text, null);
        String why = recordLevelLog(text, input);
        return why == null ? new CheckedLog(stream, text, null) : new CheckedLog(stream, null, why);
    }

    private CheckedOutput table(DeclaredOutput d, byte[] content, InputSummary input) {
        String text = strictUtf8(content);
        if (text == null) return CheckedOutput.refused(d.file(), d.kind(), "is not UTF-8 text; an aggregate table is a CSV file");
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
        if (lines.isEmpty()) return CheckedOutput.refused(d.file(), d.kind(), "is empty; an aggregate table has a header row");
        List<String> header = CsvLine.split(lines.get(0), ',');
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> cells = CsvLine.split(lines.get(i), ',');
            if (cells.size() != header.size()) {
                return CheckedOutput.refused(d.file(), d.kind(), "line " + (i + 1) + " has " + cells.size() + " fields, the header " + header.size());
            }
            rows.add(cells);
        }
        if (rows.size() >= input.patients()) {
            return CheckedOutput.refused(d.file(), d.kind(), "has " + rows.size() + " rows for " + input.patients()
                    + " input patients: a row per patient looks record-level");
        }
        String why = datesOrIdentifiers(text, input);
        if (why != null) return CheckedOutput.refused(d.file(), d.kind(), why);
        for (int c = 0; c < header.size(); c++) {
            if (distinctTextColumn(rows, c)) {
                return CheckedOutput.refused(d.file(), d.kind(), "column '" + header.get(c) + "' has a different text in each of its " + rows.size()
                        + " rows: it looks like identifiers");
            }
        }
        byte[] released = content;
        String note = rows.size() + " rows; no count column declared, released as written";
        if (d.countColumn() != null) {
            int count = header.indexOf(d.countColumn());
            if (count < 0) return CheckedOutput.refused(d.file(), d.kind(), "has no column '" + d.countColumn() + "', its declared count column");
            int suppressed = 0;
            StringBuilder out = new StringBuilder(csv(header)).append('\n');
            for (int i = 0; i < rows.size(); i++) {
                List<String> cells = new ArrayList<>(rows.get(i));
                Long n = wholeNumber(cells.get(count));
                if (n == null) {
                    return CheckedOutput.refused(d.file(), d.kind(), "line " + (i + 2) + ": the count '" + d.countColumn() + "' is not a whole number of patients");
                }
                if (rule.isSensitive(n)) {
                    suppressed++;
                    for (int c = 1; c < cells.size(); c++) cells.set(c, "");
                    if (count == 0) cells.set(0, "");
                } else {
                    cells.set(count, Long.toString(Rounding.toBase(n, roundingBase)));
                }
                out.append(csv(cells)).append('\n');
            }
            released = out.toString().getBytes(StandardCharsets.UTF_8);
            note = rows.size() + " rows, " + suppressed + " suppressed (fewer than " + minimumCellCount + " patients), counts rounded to " + roundingBase;
        }
        // after suppression: a suppressed row keeps only its label, and small groups are not mistaken for patients
        why = patientRows(new String(released, StandardCharsets.UTF_8), input);
        if (why != null) return CheckedOutput.refused(d.file(), d.kind(), why);
        return new CheckedOutput(d.file(), d.kind(), true, released, null, note);
    }

    private CheckedOutput vector(DeclaredOutput d, byte[] content, InputSummary input) {
        JsonNode n;
        try {
            n = JsonCodec.MAPPER.readTree(content);
        } catch (IOException e) {
            return CheckedOutput.refused(d.file(), d.kind(), "is not JSON; a numeric vector is a JSON array of numbers");
        }
        if (n == null || !n.isArray()) return CheckedOutput.refused(d.file(), d.kind(), "is not a JSON array of numbers");
        if (n.size() != d.length()) return CheckedOutput.refused(d.file(), d.kind(), "has " + n.size() + " values, " + d.length() + " were declared");
        if (n.size() >= input.patients()) {
            return CheckedOutput.refused(d.file(), d.kind(), "has " + n.size() + " values for " + input.patients()
                    + " input patients: a value per patient looks record-level");
        }
        double[] values = new double[n.size()];
        ArrayNode canonical = JsonCodec.array();
        for (int i = 0; i < values.length; i++) {
            JsonNode v = n.get(i);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) return CheckedOutput.refused(d.file(), d.kind(), "value " + i + " is not a finite number");
            values[i] = v.doubleValue();
            canonical.add(values[i]);
        }
        return new CheckedOutput(d.file(), d.kind(), true, JsonCodec.bytes(canonical), values, values.length + " values, for secure aggregation");
    }

    private CheckedOutput model(DeclaredOutput d, byte[] content, InputSummary input) {
        String text = strictUtf8(content);
        if (text == null) return new CheckedOutput(d.file(), d.kind(), true, content, null, content.length + " bytes (binary; no rule can read it)");
        String why = identifiers(text, input);
        if (why == null) why = patientRows(text, input);
        if (why != null) return CheckedOutput.refused(d.file(), d.kind(), why);
        return new CheckedOutput(d.file(), d.kind(), true, content, null, content.length + " bytes of text, no identifiers or patient rows found");
    }

    /** Why a log looks record-level, or null: its lines and numbers against the patients, dates, identifiers, patient rows. */
    private String recordLevelLog(String text, InputSummary input) {
        String[] lines = text.split("\r?\n");
        long nonBlank = Arrays.stream(lines).filter(l -> !l.isBlank()).count();
        if (nonBlank >= input.patients()) {
            return "it has " + nonBlank + " lines for " + input.patients() + " input patients: a line per patient looks record-level";
        }
        long numbers = Arrays.stream(lines).mapToLong(l -> ValueTokens.values(l).stream().filter(v -> !v.equals(ValueTokens.MISSING)).count()).sum();
        if (numbers >= input.patients()) {
            return "it holds " + numbers + " numbers for " + input.patients() + " input patients: a value per patient looks record-level";
        }
        String why = datesOrIdentifiers(text, input);
        return why != null ? why : patientRows(text, input);
    }

    private static String datesOrIdentifiers(String text, InputSummary input) {
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (ValueTokens.hasDate(lines[i])) return "line " + (i + 1) + " holds a calendar date, which identifies";
        }
        return identifiers(text, input);
    }

    private static String identifiers(String text, InputSummary input) {
        if (!input.hasIdentifiers()) return null;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            for (String token : lines[i].split("[^A-Za-z0-9._-]+")) {
                if (input.isIdentifier(token)) return "line " + (i + 1) + " holds an identifier of the input";
            }
        }
        return null;
    }

    /** A line with the values of an input row that identifies (see {@link InputSummary#identifyingRow}), wherever in the line. */
    private String patientRows(String text, InputSummary input) {
        if (input.columns() < 2) return null;
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            List<String> values = ValueTokens.values(lines[i]);
            for (int s = 0; s + input.columns() <= values.size(); s++) {
                if (input.identifyingRow(values.subList(s, s + input.columns()), minimumCellCount)) {
                    return "line " + (i + 1) + " holds the values of an input patient's row";
                }
            }
        }
        return null;
    }

    private boolean distinctTextColumn(List<List<String>> rows, int column) {
        if (rows.size() < minimumCellCount) return false;
        Set<String> seen = new HashSet<>();
        for (List<String> r : rows) {
            String v = r.get(column).strip();
            if (v.isEmpty() || ValueTokens.canonical(v) != null || !seen.add(v)) return false;
        }
        return true;
    }

    private static Long wholeNumber(String cell) {
        String c = ValueTokens.canonical(cell);
        if (c == null || c.equals(ValueTokens.MISSING)) return null;
        try {
            long n = Long.parseLong(c);
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String csv(List<String> cells) {
        List<String> out = new ArrayList<>();
        for (String c : cells) {
            out.add(c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return String.join(",", out);
    }

    private static String strictUtf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
