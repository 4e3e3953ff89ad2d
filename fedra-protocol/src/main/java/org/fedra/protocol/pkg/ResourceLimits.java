package org.fedra.protocol.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fedra.protocol.json.JsonCodec;

/**
 * What one run of a package may use on a node. A node refuses a package that asks for more than its policy allows.
 *
 * @param cpuSeconds  processor time of each process of the run
 * @param wallSeconds time from start to finish of the whole run
 * @param memoryMb    memory of the whole run (of each process where the node has no memory cgroup)
 * @param processes   processes and threads the run may have at once
 * @param outputMb    bytes the run may write into its output directory, and each of standard output and error
 */
public record ResourceLimits(int cpuSeconds, int wallSeconds, int memoryMb, int processes, int outputMb) {
    /** Each limit's smallest and largest value, in the manifest's field order. */
    private static final Map<String, int[]> BOUNDS = bounds();

    /** What a manifest that says nothing about limits gets. */
    public static final ResourceLimits DEFAULTS = new ResourceLimits(60, 120, 512, 32, 16);

    public ResourceLimits {
        for (String p : new String[] {problem("cpuSeconds", cpuSeconds), problem("wallSeconds", wallSeconds),
                problem("memoryMb", memoryMb), problem("processes", processes), problem("outputMb", outputMb)}) {
            if (p != null) throw new IllegalArgumentException(p);
        }
    }

    private static Map<String, int[]> bounds() {
        Map<String, int[]> b = new LinkedHashMap<>();
        b.put("cpuSeconds", new int[] {1, 86_400});
        b.put("wallSeconds", new int[] {1, 172_800});
        b.put("memoryMb", new int[] {32, 1_048_576});
        b.put("processes", new int[] {1, 4096});
        b.put("outputMb", new int[] {1, 102_400});
        return b;
    }

    private static String problem(String field, int value) {
        int[] b = BOUNDS.get(field);
        return value < b[0] || value > b[1] ? field + " must be between " + b[0] + " and " + b[1] + ", was " + value : null;
    }

    public long memoryBytes() {
        return memoryMb * 1024L * 1024L;
    }

    public long outputBytes() {
        return outputMb * 1024L * 1024L;
    }

    /** The first limit in which this asks for more than {@code maximum} allows, as {@code field (asked > allowed)}; null if none. */
    public String exceeding(ResourceLimits maximum) {
        if (cpuSeconds > maximum.cpuSeconds) return "cpuSeconds (" + cpuSeconds + " > " + maximum.cpuSeconds + ")";
        if (wallSeconds > maximum.wallSeconds) return "wallSeconds (" + wallSeconds + " > " + maximum.wallSeconds + ")";
        if (memoryMb > maximum.memoryMb) return "memoryMb (" + memoryMb + " > " + maximum.memoryMb + ")";
        if (processes > maximum.processes) return "processes (" + processes + " > " + maximum.processes + ")";
        if (outputMb > maximum.outputMb) return "outputMb (" + outputMb + " > " + maximum.outputMb + ")";
        return null;
    }

    /**
     * Reads limits; absent fields take {@code defaults}.
     *
     * @param where prefix of error locations, e.g. {@code manifest.json $.limits}
     */
    public static ResourceLimits parse(JsonNode n, String where, ResourceLimits defaults) {
        if (n == null || n.isNull()) return defaults;
        if (!n.isObject()) throw new PackageException(where, "must be an object with " + BOUNDS.keySet());
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!BOUNDS.containsKey(f)) throw new PackageException(where + "." + f, "unknown limit (known: " + BOUNDS.keySet() + ")");
        }
        return new ResourceLimits(field(n, "cpuSeconds", where, defaults.cpuSeconds), field(n, "wallSeconds", where, defaults.wallSeconds),
                field(n, "memoryMb", where, defaults.memoryMb), field(n, "processes", where, defaults.processes),
                field(n, "outputMb", where, defaults.outputMb));
    }

    private static int field(JsonNode n, String field, String where, int dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return dflt;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new PackageException(where + "." + field, "must be a whole number");
        String problem = problem(field, v.intValue());
        if (problem != null) throw new PackageException(where + "." + field, problem.substring(field.length() + 1));
        return v.intValue();
    }

    public ObjectNode toJson() {
        return JsonCodec.object().put("cpuSeconds", cpuSeconds).put("wallSeconds", wallSeconds).put("memoryMb", memoryMb)
                .put("processes", processes).put("outputMb", outputMb);
    }
}
