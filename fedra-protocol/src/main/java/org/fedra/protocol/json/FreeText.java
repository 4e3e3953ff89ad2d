package org.fedra.protocol.json;

/**
 * Free text a person sends that others will read (an organisation's name, a revocation reason): refused at the edge when
 * it could forge or disguise a line where it is shown later (a log, the audit log, a terminal table), rather than
 * cleaned silently into something the sender did not write. The audit log cleans whatever reaches it in any case
 * ({@code AuditText}); this keeps such text out of the registry and the CLI's output in the first place.
 */
public final class FreeText {
    private FreeText() {}

    /**
     * The value, trimmed.
     *
     * @throws IllegalArgumentException naming {@code field}: the value is blank, longer than {@code max} characters, or
     *                                  holds a control, line-separator, bidirectional-override or other format character
     */
    public static String require(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty text");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + v.length());
        }
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            if (unsafe(cp)) {
                throw new IllegalArgumentException(field + " must not contain control, line-break or bidirectional-override characters (found U+"
                        + String.format("%04X", cp) + " at position " + (i + 1) + ")");
            }
            i += Character.charCount(cp);
        }
        return v;
    }

    /** Whether a code point could break or disguise a line of output: control, format (bidi, zero-width), separators, unpaired surrogates. */
    public static boolean unsafe(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }
}
