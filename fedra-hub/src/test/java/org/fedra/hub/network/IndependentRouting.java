package org.fedra.hub.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Reference answers computed without the engine and without JGraphT, to check the engine against: Dijkstra with a
 * plain priority queue on the pruned graph, and exhaustive enumeration of simple paths.
 */
final class IndependentRouting {
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> number = new HashMap<>();
    private final List<List<Link>> adjacent = new ArrayList<>();

    IndependentRouting(Topology t) {
        for (String id : t.nodes().keySet()) {
            number.put(id, ids.size());
            ids.add(id);
            adjacent.add(new ArrayList<>());
        }
        for (Link l : t.links().values()) {
            adjacent.get(number.get(l.a())).add(l);
            adjacent.get(number.get(l.b())).add(l);
        }
    }

    /** The least delay from s to d over nodes with index >= minIndex and links with the bandwidth, or -1. */
    long dijkstra(String s, String d, long bandwidth, double minIndex, SecurePathEngine e) {
        if (e.index(s) < minIndex || e.index(d) < minIndex) {
            return -1;
        }
        long[] dist = new long[ids.size()];
        Arrays.fill(dist, Long.MAX_VALUE);
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        int from = number.get(s);
        int to = number.get(d);
        dist[from] = 0;
        queue.add(new long[] {0, from});
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int v = (int) top[1];
            if (top[0] > dist[v]) {
                continue;
            }
            if (v == to) {
                return dist[v];
            }
            for (Link l : adjacent.get(v)) {
                int w = number.get(l.opposite(ids.get(v)));
                if (l.available() < bandwidth || e.index(ids.get(w)) < minIndex) {
                    continue;
                }
                long nd = dist[v] + l.delay();
                if (nd < dist[w]) {
                    dist[w] = nd;
                    queue.add(new long[] {nd, w});
                }
            }
        }
        return -1;
    }

    /**
     * The least delay over every simple path from s to d within the bandwidth, index, delay and risk bounds, by
     * depth-first enumeration (paths already slower than the best found are not extended), or -1.
     */
    long bruteForce(String s, String d, long bandwidth, double minIndex, long maxDelay, double maxRisk,
            SecurePathEngine e) {
        if (e.index(s) < minIndex || e.index(d) < minIndex || e.attackProbability(s) > maxRisk) {
            return -1;
        }
        long[] best = {Long.MAX_VALUE};
        boolean[] onPath = new boolean[ids.size()];
        onPath[number.get(s)] = true;
        extend(number.get(s), number.get(d), 0, e.attackProbability(s), bandwidth, minIndex, maxDelay, maxRisk, e,
                onPath, best);
        return best[0] == Long.MAX_VALUE ? -1 : best[0];
    }

    private void extend(int v, int d, long delay, double risk, long bandwidth, double minIndex, long maxDelay,
            double maxRisk, SecurePathEngine e, boolean[] onPath, long[] best) {
        if (v == d) {
            best[0] = Math.min(best[0], delay);
            return;
        }
        for (Link l : adjacent.get(v)) {
            int w = number.get(l.opposite(ids.get(v)));
            long nd = delay + l.delay();
            double nr = risk + e.attackProbability(ids.get(w));
            if (onPath[w] || l.available() < bandwidth || e.index(ids.get(w)) < minIndex || nd > maxDelay
                    || nr > maxRisk || nd >= best[0]) {
                continue;
            }
            onPath[w] = true;
            extend(w, d, nd, nr, bandwidth, minIndex, maxDelay, maxRisk, e, onPath, best);
            onPath[w] = false;
        }
    }

    List<String> ids() {
        return ids;
    }
}
