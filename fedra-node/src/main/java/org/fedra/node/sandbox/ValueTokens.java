package org.fedra.node.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the output check reads values in text: numbers in one canonical spelling (so that {@code 63}, {@code 63.0} and
 * {@code 6.3e1} are the same value, as pandas, R and the CSV writer print them differently), missing values as
 * {@code NA}, and calendar dates at day precision in the usual spellings.
 */
final class ValueTokens {
    static final String MISSING = "NA";
    private static final Pattern TOKEN = Pattern.compile("(?<![\\w.])([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN|nan|NA|<NA>)(?![\\w.])");
    private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?!\\d)");
    private static final Pattern DAY_FIRST = Pattern.compile("(?<!\\d)(\\d{1,2})[./-](\\d{1,2})[./-](\\d{4})(?!\\d)");

    private ValueTokens() {}

    /** The canonical spelling of a value the node wrote (NaN is missing). */
    static String canonical(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) return MISSING;
        return canonical(BigDecimal.valueOf(value));
    }

    private static String canonical(BigDecimal d) {
        if (d.signum() == 0) return "0";
        return d.stripTrailingZeros().toPlainString();
    }

    /** The canonical spelling of a token in text, or null if it is no number and no missing value. */
    static String canonical(String token) {
        String t = token.strip();
        if (t.isEmpty() || t.equals("NaN") || t.equals("nan") || t.equals("NA") || t.equals("<NA>")) return MISSING;
        try {
            BigDecimal d = new BigDecimal(t.startsWith("+") ? t.substring(1) : t);
            // beyond any measurement (and too long to spell out): not compared
            if (d.abs().compareTo(BigDecimal.valueOf(1, -12)) > 0 || d.scale() > 20 || d.precision() > 30) return null;
            return canonical(d);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The numbers and missing values of a line of text, in order, canonically spelt. */
    static List<String> values(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            String c = canonical(m.group(1));
            if (c != null) out.add(c);
        }
        return out;
    }

    /** Whether the text holds a plausible calendar date at day precision (2024-03-01, 2024/3/1, 01.03.2024, 3/1/2024). */
    static boolean hasDate(String text) {
        Matcher iso = ISO_DATE.matcher(text);
        while (iso.find()) {
            if (plausible(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)))) return true;
        }
        Matcher dm = DAY_FIRST.matcher(text);
        while (dm.find()) {
            int a = Integer.parseInt(dm.group(1));
            int b = Integer.parseInt(dm.group(2));
            int year = Integer.parseInt(dm.group(3));
            if (plausible(year, b, a) || plausible(year, a, b)) return true;
        }
        return false;
    }

    private static boolean plausible(int year, int month, int day) {
        return year >= 1850 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }
}
