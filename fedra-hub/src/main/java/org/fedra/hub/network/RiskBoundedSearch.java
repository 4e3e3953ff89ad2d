package org.fedra.hub.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.fedra.hub.network.SecurePathEngine.LinkEdge;
import org.fedra.hub.network.SecurePathEngine.Vertex;
import org.jgrapht.Graph;

/**
 * Least delay subject to a bound on the summed attack probability, by label setting (a multi-criteria Dijkstra).
 * Each label is a path from the source, with its delay and its risk summed from the source in path order. Labels
 * leave the queue in order of delay plus the least delay still needed to the destination (an exact lower bound from a
 * reverse Dijkstra, so labels of one node leave in order of delay), then risk. A label becomes permanent at its node
 * only if its risk is below that of every permanent label there, which all have no more delay; otherwise it is
 * dominated and dropped. Labels over the delay bound, or whose risk plus the least risk still to come exceeds the risk
 * bound, are never created. Delays and risks are non-negative, so the first label to reach the destination has the
 * least delay of all paths within both bounds, and its path is simple.
 */
final class RiskBoundedSearch {
    /** Slack on the risk lower bound, which sums in another order than the labels: prune only what surely fails. */
    private static final double SLACK = 1e-9;

    private RiskBoundedSearch() {
    }

    /** A label: a path from the source to {@code node} with its delay and summed risk. */
    record Label(Vertex node, long delay, double risk, long bound, Label previous, LinkEdge via) {
        List<String> nodes() {
            List<String> out = new ArrayList<>();
            for (Label l = this; l != null; l = l.previous) {
                out.add(l.node.id);
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
    static Label leastDelay(Graph<Vertex, LinkEdge> graph, Vertex source, Vertex destination,
            Predicate<Vertex> nodeOk, Predicate<LinkEdge> linkOk, double[] risk, double maxRisk, long maxDelay) {
        if (!nodeOk.test(source) || !nodeOk.test(destination) || risk[source.ordinal] > maxRisk) {
            return null;
        }
        int n = graph.vertexSet().size();
        long[] delayToGo = new long[n];
        double[] riskToGo = new double[n];
        reverseDijkstra(graph, destination, nodeOk, linkOk, risk, delayToGo, riskToGo);
        if (delayToGo[source.ordinal] == Long.MAX_VALUE) {
            return null;
        }
        PriorityQueue<Label> queue = new PriorityQueue<>((x, y) -> x.bound != y.bound
                ? Long.compare(x.bound, y.bound) : Double.compare(x.risk, y.risk));
        double[] leastPermanentRisk = new double[n];
        Arrays.fill(leastPermanentRisk, Double.POSITIVE_INFINITY);
        queue.add(new Label(source, 0, risk[source.ordinal], delayToGo[source.ordinal], null, null));
        while (!queue.isEmpty()) {
            Label l = queue.poll();
            if (leastPermanentRisk[l.node.ordinal] <= l.risk) {
                continue; // dominated: an earlier label here has no more delay and no more risk
            }
            leastPermanentRisk[l.node.ordinal] = l.risk;
            if (l.node == destination) {
                return l;
            }
            for (LinkEdge e : graph.edgesOf(l.node)) {
                Vertex w = e.opposite(l.node);
                if (delayToGo[w.ordinal] == Long.MAX_VALUE || !linkOk.test(e)) {
                    continue; // w cannot reach the destination (or is pruned), or the link lacks bandwidth
                }
                long delay = l.delay + e.link.delay();
                double r = l.risk + risk[w.ordinal];
                long bound = delay + delayToGo[w.ordinal];
                if (bound > maxDelay || r > maxRisk || r + riskToGo[w.ordinal] > maxRisk + SLACK
                        || leastPermanentRisk[w.ordinal] <= r) {
                    continue;
                }
                queue.add(new Label(w, delay, r, bound, l, e));
            }
        }
        return null;
    }

    /**
     * From every allowed node, the least delay to the destination and the least risk still to come (the summed risk
     * of the nodes after it, destination included), over allowed nodes and links; {@code Long.MAX_VALUE} delay for
     * nodes that cannot reach it.
     */
    private static void reverseDijkstra(Graph<Vertex, LinkEdge> graph, Vertex destination, Predicate<Vertex> nodeOk,
            Predicate<LinkEdge> linkOk, double[] risk, long[] delayToGo, double[] riskToGo) {
        Arrays.fill(delayToGo, Long.MAX_VALUE);
        delayToGo[destination.ordinal] = 0;
        PriorityQueue<long[]> byDelay = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        Vertex[] byOrdinal = new Vertex[delayToGo.length];
        graph.vertexSet().forEach(v -> byOrdinal[v.ordinal] = v);
        byDelay.add(new long[] {0, destination.ordinal});
        while (!byDelay.isEmpty()) {
            long[] top = byDelay.poll();
            Vertex v = byOrdinal[(int) top[1]];
            if (top[0] > delayToGo[v.ordinal]) {
                continue;
            }
            for (LinkEdge e : graph.edgesOf(v)) {
                Vertex w = e.opposite(v);
                long d = top[0] + e.link.delay();
                if (d < delayToGo[w.ordinal] && linkOk.test(e) && nodeOk.test(w)) {
                    delayToGo[w.ordinal] = d;
                    byDelay.add(new long[] {d, w.ordinal});
                }
            }
        }
        Arrays.fill(riskToGo, Double.POSITIVE_INFINITY);
        riskToGo[destination.ordinal] = 0;
        PriorityQueue<Object[]> byRisk = new PriorityQueue<>((x, y) -> Double.compare((Double) x[0], (Double) y[0]));
        byRisk.add(new Object[] {0.0, destination});
        while (!byRisk.isEmpty()) {
            Object[] top = byRisk.poll();
            double r = (Double) top[0];
            Vertex v = (Vertex) top[1];
            if (r > riskToGo[v.ordinal]) {
                continue;
            }
            for (LinkEdge e : graph.edgesOf(v)) {
                Vertex w = e.opposite(v);
                // reaching v from w adds v's risk to what is still to come from w
                double rw = r + risk[v.ordinal];
                if (rw < riskToGo[w.ordinal] && linkOk.test(e) && nodeOk.test(w)) {
                    riskToGo[w.ordinal] = rw;
                    byRisk.add(new Object[] {rw, w});
                }
            }
        }
    }
}
