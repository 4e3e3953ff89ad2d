package org.fedra.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Numbers read from a request body strictly: a value of the wrong kind ({@code "abc"}, {@code 2.5} where a whole
 * number is meant) or outside its bounds ({@code 1e300}) is a client error that names the field and its bounds, never a
 * silent default and never an overflow further in (issue 18 finding 12).
 */
public final class JsonNumbers {
    private JsonNumbers() {}

    /**
     * The whole number in {@code body.field}, or {@code absent} when the field is missing or null.
     *
     * @throws IllegalArgumentException the value is not a whole number between {@code min} and {@code max}
     */
    public static long whole(JsonNode body, String field, long absent, long min, long max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        String bounds = field + " must be a whole number between " + min + " and " + max;
        if (!v.isNumber()) {
            throw new IllegalArgumentException(bounds + ", was " + describe(v));
        }
        java.math.BigDecimal d;
        try {
            d = v.decimalValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bounds + ", was " + v.asText()); // NaN, Infinity
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(bounds + ", was " + v.asText());
        }
        if (d.compareTo(java.math.BigDecimal.valueOf(min)) < 0 || d.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            throw new IllegalArgumentException(bounds + ", was " + v.asText());
        }
        return d.longValueExact();
    }

    private static String describe(JsonNode v) {
        String text = v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
