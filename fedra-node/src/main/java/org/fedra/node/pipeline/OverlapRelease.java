package org.fedra.node.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.privacy.disclosure.MinimumCellCount;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.privacy.psi.OverlapCount;

/**
 * The figures a counting node releases from an overlap count, after its disclosure control: every count is
 * suppressed when it is non-zero and below the node's minimum, and rounded to its base otherwise. The number of
 * distinct patients is withheld too when any overlap of two or more hospitals is suppressed, since with the
 * per-hospital sizes it would give that overlap back (complementary suppression).
 *
 * <p>Each figure is {@code {"count": n}} (rounded) or {@code {"count": null, "suppressed": "why"}}.
 */
final class OverlapRelease {
    /** The most hospitals one count takes (every group of them is checked for small overlaps). */
    static final int MAX_NODES = 16;

    private OverlapRelease() {}

    static ObjectNode of(OverlapCount count, List<String> nodes, DisclosureSettings disclosure, String countedBy) {
        if (nodes.size() != count.sets()) {
            throw new IllegalArgumentException(nodes.size() + " node names for " + count.sets() + " sets");
        }
        if (count.sets() > MAX_NODES) {
            throw new IllegalArgumentException("a linkage counts at most " + MAX_NODES + " nodes, got " + count.sets());
        }
        MinimumCellCount rule = MinimumCellCount.of(disclosure.minimumPatients());
        ObjectNode out = org.fedra.protocol.json.JsonCodec.object();
        out.put("countedBy", countedBy);
        out.putObject("disclosure").put("minimumPatients", disclosure.minimumPatients()).put("roundingBase", disclosure.roundingBase());
        ArrayNode sizes = out.putArray("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            figure(sizes.addObject().put("node", nodes.get(i)), count.size(i), rule, disclosure);
        }
        ArrayNode overlaps = out.putArray("overlaps");
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                ObjectNode o = overlaps.addObject();
                o.putArray("nodes").add(nodes.get(i)).add(nodes.get(j));
                figure(o, count.overlap(i, j), rule, disclosure);
            }
        }
        ObjectNode distinct = out.putObject("distinctPatients");
        if (smallGroupOverlap(count, rule)) {
            distinct.putNull("count").put("suppressed", "withheld: an overlap of fewer than " + disclosure.minimumPatients()
                    + " patients between some of the hospitals could be worked out from it");
        } else {
            figure(distinct, count.union(), rule, disclosure);
        }
        return out;
    }

    private static boolean smallGroupOverlap(OverlapCount count, MinimumCellCount rule) {
        long all = (1L << count.sets()) - 1;
        for (long group = 1; group <= all; group++) {
            if (Long.bitCount(group) >= 2 && rule.isSensitive(count.common(group))) {
                return true;
            }
        }
        return false;
    }

    private static void figure(ObjectNode target, long n, MinimumCellCount rule, DisclosureSettings disclosure) {
        if (rule.isSensitive(n)) {
            target.putNull("count").put("suppressed", "fewer than " + disclosure.minimumPatients() + " patients");
        } else {
            target.put("count", Rounding.toBase(n, disclosure.roundingBase()));
        }
    }
}
