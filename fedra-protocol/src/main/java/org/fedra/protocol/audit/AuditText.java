package org.fedra.protocol.audit;

/**
 * Makes free text safe to record: text that reaches an audit entry, a log line or a terminal may come from anyone who
 * can send a request (an enrolment id, an organisation name, a revocation reason). Control characters could forge
 * lines, bidirectional overrides could make a line read differently from what it holds, and unbounded text could fill
 * the disk; all three are removed here, once, for every entry.
 */
public final class AuditText {
    private AuditText() {}

    /**
     * The text with control, format (bidi override, zero-width) and unpaired surrogate characters replaced by
     * {@code U+FFFD}, and cut to {@code max} characters (marked with an ellipsis and the original length).
     */
    public static String clean(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max + 32));
        int len = s.length();
        int kept = 0;
        for (int i = 0; i < len && kept < max; ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            int type = Character.getType(cp);
            boolean unsafe = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED;
            b.appendCodePoint(unsafe ? 0xFFFD : cp);
            kept += n;
            i += n;
        }
        if (kept < len) {
            b.append("... (").append(len).append(" characters)");
        }
        return b.toString();
    }

    /**
     * The text {@linkplain #clean cleaned} and, unlike {@link #clean}, at most {@code max} characters long in all (cut
     * with an ellipsis): for a value stored in a column of that width or shown in a fixed place.
     */
    public static String within(String s, int max) {
        String c = clean(s, max);
        if (c.length() <= max) {
            return c;
        }
        int keep = Math.max(0, max - 1);
        if (keep > 0 && Character.isHighSurrogate(c.charAt(keep - 1))) {
            keep--; // a surrogate pair is not split (clean left no unpaired ones)
        }
        return c.substring(0, keep) + "\u2026";
    }
}
