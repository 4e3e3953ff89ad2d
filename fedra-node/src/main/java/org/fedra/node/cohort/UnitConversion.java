package org.fedra.node.cohort;

import java.util.Map;
import java.util.Optional;

/**
 * The few UCUM unit conversions a cohort query may rely on: only conversions that do not depend on the
 * analyte (mass concentration and length scales). Anything else must be queried in the stored unit.
 */
final class UnitConversion {
    /** Factor to the base unit of the unit's dimension. */
    private static final Map<String, Map.Entry<String, Double>> TO_BASE = Map.of(
            "g/L", Map.entry("mass/volume", 1.0),
            "mg/dL", Map.entry("mass/volume", 0.01),
            "mg/L", Map.entry("mass/volume", 0.001),
            "g/dL", Map.entry("mass/volume", 10.0),
            "m", Map.entry("length", 1.0),
            "cm", Map.entry("length", 0.01),
            "mm", Map.entry("length", 0.001),
            "kg", Map.entry("mass", 1.0),
            "g", Map.entry("mass", 0.001));

    private UnitConversion() {
    }

    /** {@code value} in {@code from} expressed in {@code to}, or empty when the two units are not convertible. */
    static Optional<Double> convert(double value, String from, String to) {
        if (from == null || to == null) return Optional.empty();
        if (from.equals(to)) return Optional.of(value);
        var f = TO_BASE.get(from);
        var t = TO_BASE.get(to);
        if (f == null || t == null || !f.getKey().equals(t.getKey())) return Optional.empty();
        return Optional.of(value * f.getValue() / t.getValue());
    }
}
