package org.fedra.hub.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which nodes are to be quarantined, and why (issue 15, point 4): a node whose security index is below the federation's
 * minimum is quarantined from the whole federation; a node below a study's minimum from that study. Pure: the indices
 * and minimums come in, the quarantines due go out. A node without an assessed index is not judged.
 */
public final class QuarantinePolicy {
    /** The scope of a federation-wide quarantine. */
    public static final String FEDERATION = "";

    /** One quarantine: a node and the scope it is kept out of ({@link #FEDERATION} or a study id). */
    public record Key(String nodeId, String scope) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = nodeId.compareTo(o.nodeId);
            return c != 0 ? c : scope.compareTo(o.scope);
        }

        /** "the federation" or "study X", for messages. */
        public String scopeName() {
            return scope.isEmpty() || scope.startsWith(Quarantine.ALERT_SCOPE_PREFIX) ? "the federation" : "study " + scope;
        }
    }

    /** A study's contract: its minimum index and the nodes it asked. */
    public record StudyMinimum(String studyId, double minimum, Set<String> nodes) {
    }

    private QuarantinePolicy() {
    }

    /**
     * The quarantines due, each with its reason.
     *
     * @param index             the security index of each Fedra node that has one (0..100)
     * @param federationMinimum the federation's minimum (0: none)
     * @param studies           the studies' minimums (a minimum of 0 requires nothing)
     */
    public static Map<Key, String> due(Map<String, Double> index, double federationMinimum, Collection<StudyMinimum> studies) {
        Map<Key, String> out = new TreeMap<>();
        for (Map.Entry<String, Double> e : new LinkedHashMap<>(index).entrySet()) {
            if (federationMinimum > 0 && e.getValue() < federationMinimum) {
                out.put(new Key(e.getKey(), FEDERATION), reason(e.getKey(), e.getValue(), "the federation's", federationMinimum));
            }
        }
        for (StudyMinimum s : studies) {
            if (s.minimum() <= 0) {
                continue;
            }
            for (String node : s.nodes()) {
                Double i = index.get(node);
                if (i != null && i < s.minimum()) {
                    out.put(new Key(node, s.studyId()), reason(node, i, "study " + s.studyId() + "'s", s.minimum()));
                }
            }
        }
        return out;
    }

    private static String reason(String node, double index, String whose, double minimum) {
        return String.format(Locale.ROOT, "node %s's security index %.2f is below %s minimum of %s", node, index, whose, number(minimum));
    }

    static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
