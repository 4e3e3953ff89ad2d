package org.fedra.learn.fl;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Typed reads from a JSON-like map (what Jackson's {@code convertValue(node, Map.class)} yields): every error names
 * the field by its path. The library reads its configurations and model specifications through this so that it
 * needs no JSON library of its own.
 */
final class JsonFields {
    private final Map<String, ?> map;
    private final String prefix;
    private final BiFunction<String, String, ? extends RuntimeException> error;

    /**
     * @param prefix path of the map itself including its separator, e.g. {@code "dp."} or {@code "$.model."}
     * @param error  makes the exception for (path, problem)
     */
    JsonFields(Map<String, ?> map, Set<String> known, String prefix,
            BiFunction<String, String, ? extends RuntimeException> error) {
        this.error = error;
        this.prefix = prefix;
        if (map == null) {
            throw error.apply(prefix.isEmpty() ? "config" : prefix.substring(0, prefix.length() - 1), "is missing");
        }
        this.map = new HashMap<>(map);
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw error.apply(prefix + key, "unknown field; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** Fields of a job configuration: errors are {@link JobConfigException}s. */
    static JsonFields config(Map<String, ?> map, Set<String> known, String prefix) {
        return new JsonFields(map, known, prefix, JobConfigException::new);
    }

    Object raw(String key) {
        return map.get(key);
    }

    RuntimeException error(String key, String problem) {
        return error.apply(prefix + key, problem);
    }

    String string(String key, String def) {
        Object v = map.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s)) {
            throw error(key, "must be a string, was " + v);
        }
        return s;
    }

    double number(String key, double def) {
        Object v = map.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n)) {
            throw error(key, "must be a number, was " + v);
        }
        return n.doubleValue();
    }

    double required(String key) {
        if (map.get(key) == null) {
            throw error(key, "is required");
        }
        return number(key, 0);
    }

    int integer(String key, int def) {
        return wholeNumber(key, map.get(key), def);
    }

    /** A list of whole numbers, each checked with {@code index} in its path; {@code def} when absent. */
    int[] integers(String key, int[] def) {
        Object v = map.get(key);
        if (v == null) {
            return def.clone();
        }
        if (!(v instanceof List<?> list)) {
            throw error(key, "must be an array of whole numbers, was " + v);
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = wholeNumber(key + "[" + i + "]", list.get(i), 0);
        }
        return out;
    }

    private int wholeNumber(String key, Object v, int def) {
        if (v == null) {
            return def;
        }
        if (!(v instanceof Number n)) {
            throw error(key, "must be a whole number, was " + v);
        }
        double d = n.doubleValue();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw error(key, "must be a whole number, was " + v);
        }
        return (int) d;
    }

    long whole(String key, long def) {
        Object v = map.get(key);
        if (v == null) {
            return def;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof BigInteger) {
            if (v instanceof BigInteger b && b.bitLength() > 63) {
                throw error(key, "must fit in 64 bits, was " + v);
            }
            return ((Number) v).longValue();
        }
        double d = number(key, def);
        if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
            throw error(key, "must be a whole number, was " + v);
        }
        return (long) d;
    }

    boolean bool(String key, boolean def) {
        Object v = map.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw error(key, "must be true or false, was " + v);
        }
        return b;
    }
}
