package org.fedra.hub.network;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bandwidths and delays as operators write them ({@code 100Mbit}, {@code 1.5Gbit/s}, {@code 40ms}, {@code 250us}).
 * Bandwidth is kept in bits per second and delay in whole microseconds, so sums along a path are exact.
 */
public final class Units {
    private static final Pattern QUANTITY = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ/]+)\\s*");
    private static final Map<String, Long> BANDWIDTH = Map.ofEntries(
            Map.entry("bit", 1L), Map.entry("kbit", 1_000L), Map.entry("mbit", 1_000_000L),
            Map.entry("gbit", 1_000_000_000L), Map.entry("tbit", 1_000_000_000_000L),
            Map.entry("bps", 1L), Map.entry("kbps", 1_000L), Map.entry("mbps", 1_000_000L),
            Map.entry("gbps", 1_000_000_000L), Map.entry("tbps", 1_000_000_000_000L));
    private static final Map<String, Long> DELAY = Map.of("us", 1L, "µs", 1L, "ms", 1_000L, "s", 1_000_000L);

    private Units() {
    }

    /**
     * Bits per second of {@code 100Mbit}, {@code 1.5Gbit/s}, {@code 800kbps} (decimal prefixes).
     *
     * @throws IllegalArgumentException for anything else, or a negative or fractional number of bits
     */
    public static long bandwidth(String text) {
        Matcher m = match(text, "bandwidth", "100Mbit");
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.endsWith("/s")) {
            unit = unit.substring(0, unit.length() - 2);
        }
        Long factor = BANDWIDTH.get(unit);
        if (factor == null) {
            throw new IllegalArgumentException("bandwidth '" + text + "': unknown unit '" + m.group(2)
                    + "' (bit, kbit, Mbit, Gbit, Tbit, optionally /s)");
        }
        return exact(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)), text, "a whole number of bits");
    }

    /**
     * Microseconds of {@code 40ms}, {@code 250us}, {@code 0.5ms}, {@code 1s}.
     *
     * @throws IllegalArgumentException for anything else, or a delay finer than a microsecond
     */
    public static long delay(String text) {
        Matcher m = match(text, "delay", "40ms");
        Long factor = DELAY.get(m.group(2));
        if (factor == null) {
            throw new IllegalArgumentException("delay '" + text + "': unknown unit '" + m.group(2) + "' (us, ms, s)");
        }
        return exact(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor)), text, "whole microseconds");
    }

    /** {@code 1.5Gbit}, {@code 100Mbit}, {@code 64kbit}, {@code 12bit}. */
    public static String formatBandwidth(long bitsPerSecond) {
        String[] units = {"Tbit", "Gbit", "Mbit", "kbit"};
        long[] factors = {1_000_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (Math.abs(bitsPerSecond) >= factors[i]) {
                return BigDecimal.valueOf(bitsPerSecond).divide(BigDecimal.valueOf(factors[i]))
                        .stripTrailingZeros().toPlainString() + units[i];
            }
        }
        return bitsPerSecond + "bit";
    }

    /** {@code 40ms}, {@code 1.25ms}, {@code 250us}. */
    public static String formatDelay(long micros) {
        if (Math.abs(micros) >= 1000) {
            return BigDecimal.valueOf(micros).divide(BigDecimal.valueOf(1000)).stripTrailingZeros().toPlainString()
                    + "ms";
        }
        return micros + "us";
    }

    private static Matcher match(String text, String what, String example) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (text.strip().startsWith("-")) {
            throw new IllegalArgumentException(what + " '" + text + "' is negative");
        }
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number with a unit, like " + example);
        }
        return m;
    }

    private static long exact(BigDecimal value, String text, String what) {
        try {
            return value.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not " + what);
        }
    }
}
