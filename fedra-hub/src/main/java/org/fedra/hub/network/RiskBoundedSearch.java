package org.fedra.hub.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.fedra.hub.network.SecurePathEngine.LinkEdge;
import org.jgrapht.Graph;

/**
 * Least delay subject to a bound on the summed attack probability, by label setting (a multi-criteria Dijkstra).
 * Labels (delay, risk) leave the queue in order of delay, then risk; a label becomes permanent at its node only if
 * its risk is below that of every permanent label there (which all have less or equal delay), otherwise it is
 * dominated and dropped. Labels over either bound are never created. Delays and risks are non-negative, so the first
 * label to reach the destination has the least delay of all paths within the bounds, and the path it stands for is
 * simple. Risk is summed from the source in path order.
 */
final class RiskBoundedSearch {
    private RiskBoundedSearch() {
    }

    /** A label: a path from the source to {@code node} with its delay and summed risk. */
    record Label(String node, long delay, double risk, Label previous, LinkEdge via) {
        List<String> nodes() {
            List<String> out = new ArrayList<>();
            for (Label l = this; l != null; l = l.previous) {
                out.add(l.node);
            }
            Collections.reverse(out);
            return out;
        }

        List<String> links() {
            List<String> out = new ArrayList<>();
            for (Label l = this; l.previous != null; l = l.previous) {
                out.add(l.via.link.id());
            }
            Collections.reverse(out);
            return out;
        }
    }

    /** The least-delay label at the destination within both bounds, or null if there is none. */
    static Label leastDelay(Graph<String, LinkEdge> graph, String source, String destination,
            Predicate<String> nodeOk, Predicate<LinkEdge> linkOk, ToDoubleFunction<String> risk, double maxRisk,
            long maxDelay) {
        double startRisk = risk.applyAsDouble(source);
        if (startRisk > maxRisk || !nodeOk.test(source)) {
            return null;
        }
        PriorityQueue<Label> queue = new PriorityQueue<>((x, y) -> x.delay != y.delay
                ? Long.compare(x.delay, y.delay) : Double.compare(x.risk, y.risk));
        Map<String, Double> leastPermanentRisk = new HashMap<>();
        queue.add(new Label(source, 0, startRisk, null, null));
        while (!queue.isEmpty()) {
            Label l = queue.poll();
            Double least = leastPermanentRisk.get(l.node);
            if (least != null && least <= l.risk) {
                continue; // dominated: an earlier label here has no more delay and no more risk
            }
            leastPermanentRisk.put(l.node, l.risk);
            if (l.node.equals(destination)) {
                return l;
            }
            for (LinkEdge e : graph.edgesOf(l.node)) {
                String w = e.link.opposite(l.node);
                if (!linkOk.test(e) || !nodeOk.test(w)) {
                    continue;
                }
                long delay = l.delay + e.link.delay();
                double r = l.risk + risk.applyAsDouble(w);
                if (delay > maxDelay || r > maxRisk) {
                    continue;
                }
                Double there = leastPermanentRisk.get(w);
                if (there == null || r < there) {
                    queue.add(new Label(w, delay, r, l, e));
                }
            }
        }
        return null;
    }
}
