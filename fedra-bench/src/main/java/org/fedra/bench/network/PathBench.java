package org.fedra.bench.network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.fedra.hub.network.Link;
import org.fedra.hub.network.PathRequest;
import org.fedra.hub.network.PathResult;
import org.fedra.hub.network.ReservationBook;
import org.fedra.hub.network.SecurePathEngine;
import org.fedra.hub.network.Topology;
import org.fedra.hub.network.TopologyGenerator;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.NetworkFindings;
import org.fedra.privacy.securityindex.Remediation;
import org.fedra.privacy.securityindex.SecurityAssessment;
import org.jgrapht.Graph;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * Secure path computation on generated topologies of 50, 1,000 and 10,000 network nodes (issue 15, acceptance 2):
 * path computations per second of the engine (bandwidth + security threshold + delay bound, and the risk-bounded
 * variant) beside plain Dijkstra on the same graph (JGraphT, no constraints), and the time to recompute after one
 * index change (every node's index, then every reservation checked and the affected ones rerouted) beside one plain
 * Dijkstra. Usage: {@code PathBench [seconds per measurement, default 3]}.
 */
public final class PathBench {
    private static final long MBIT = 1_000_000L;

    private PathBench() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.printf(Locale.ROOT, "%-7s %7s %12s %12s %12s %9s %14s %14s %10s%n", "nodes", "links",
                "engine/s", "risk-bnd/s", "dijkstra/s", "ratio", "recompute ms", "reservations", "rerouted");
        for (int size : new int[] {50, 1_000, 10_000}) {
            run(size, seconds);
        }
    }

    private static void run(int size, double seconds) {
        Topology t = TopologyGenerator.generate(size, 42);
        NetworkFindings findings = t.declaredFindings();
        SecurityAssessment assessment = SecurityAssessment.of(findings, Instant.EPOCH);
        SecurePathEngine engine = SecurePathEngine.of(t, assessment.index());
        List<String> endpoints = new ArrayList<>();
        t.nodes().values().stream().filter(n -> n.isEndpoint()).forEach(n -> endpoints.add(n.id()));
        Random random = new Random(size);
        PathRequest[] requests = new PathRequest[1024];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new PathRequest(endpoints.get(random.nextInt(endpoints.size())),
                    endpoints.get(random.nextInt(endpoints.size())), 100 * MBIT, 60_000, 90);
        }
        Graph<String, DefaultWeightedEdge> plain = plainGraph(t);

        java.util.function.IntToLongFunction[] work = {
            i -> engine.route(requests[i & 1023]).delay(),
            i -> engine.routeWithinRisk(requests[i & 1023], 0.05, Map.of()).delay(),
            i -> {
                PathRequest r = requests[i & 1023];
                var p = DijkstraShortestPath.findPathBetween(plain, r.source(), r.destination());
                return p == null ? -1 : (long) p.getWeight();
            }};
        double[] perSecond = rates(seconds, work);
        double enginePerSecond = perSecond[0];
        double riskPerSecond = perSecond[1];
        double dijkstraPerSecond = perSecond[2];

        // reservations from hospital nodes to the hub, then one index change: a critical finding on a busy router
        ReservationBook book = ReservationBook.empty();
        int wanted = Math.min(500, endpoints.size() - 1);
        for (int i = 0; i < wanted; i++) {
            String h = endpoints.get(i);
            if (!h.equals("hub")) {
                book = book.reserve("res-" + i, new PathRequest(h, "hub", 10 * MBIT, 200_000, 80), Double.NaN, engine)
                        .book();
            }
        }
        String busy = busiestRouter(book);
        // weight chosen so that the new finding is half the network's exposure: the router falls to index ~50
        double exposure = 0;
        for (String node : findings.nodeIds()) {
            for (Finding f : findings.findings(node)) {
                exposure += f.weight() * f.cvssBaseScore() / 10;
            }
        }
        long[] recompute = new long[7];
        int rerouted = 0;
        double fallsTo = 0;
        for (int k = 0; k < recompute.length; k++) {
            long start = System.nanoTime();
            NetworkFindings changed = findings.withFindings(busy, List.of(new Finding("CVE-2099-9999", 10.0,
                    "DECLARED", exposure + k, Remediation.NONE, List.of())));
            SecurityAssessment next = SecurityAssessment.of(changed, Instant.EPOCH);
            ReservationBook.Reassessment r = book.reassess(engine.withIndex(next.index()));
            recompute[k] = System.nanoTime() - start;
            rerouted = r.changes().size();
            fallsTo = next.index(busy);
        }
        Arrays.sort(recompute);
        double recomputeMs = recompute[recompute.length / 2] / 1e6;
        System.out.printf(Locale.ROOT, "%-7d %7d %12.0f %12.0f %12.0f %8.2fx %14.2f %14d %10d%n", size,
                t.links().size(), enginePerSecond, riskPerSecond, dijkstraPerSecond,
                enginePerSecond / dijkstraPerSecond, recomputeMs, book.reservations().size(), rerouted);
        System.out.printf(Locale.ROOT, "        recompute after one index change (%s falls to %.1f) = %.1f plain"
                        + " Dijkstra runs; %d of the 1,024 requests found a path%n", busy, fallsTo,
                recomputeMs / 1e3 * dijkstraPerSecond, found(engine, requests));
    }

    private static int found(SecurePathEngine engine, PathRequest[] requests) {
        int n = 0;
        for (PathRequest r : requests) {
            PathResult p = engine.route(r);
            n += p.found() ? 1 : 0;
        }
        return n;
    }

    private static String busiestRouter(ReservationBook book) {
        Map<String, Integer> count = new java.util.HashMap<>();
        book.reservations().values().forEach(r -> r.path().nodes().stream().filter(n -> n.startsWith("r"))
                .forEach(n -> count.merge(n, 1, Integer::sum)));
        return count.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("r0");
    }

    private static Graph<String, DefaultWeightedEdge> plainGraph(Topology t) {
        Graph<String, DefaultWeightedEdge> g = GraphTypeBuilder.<String, DefaultWeightedEdge>undirected()
                .allowingMultipleEdges(true).allowingSelfLoops(false).weighted(true)
                .edgeClass(DefaultWeightedEdge.class).buildGraph();
        t.nodes().keySet().forEach(g::addVertex);
        for (Link l : t.links().values()) {
            DefaultWeightedEdge e = g.addEdge(l.a(), l.b());
            g.setEdgeWeight(e, l.delay());
        }
        return g;
    }

    /**
     * Calls per second of each kind of work. All are warmed up first (the JIT compiles JGraphT's Dijkstra for the
     * engine and the baseline alike), then measured in alternating rounds, so a change of machine load hits each
     * about equally.
     */
    private static double[] rates(double seconds, java.util.function.IntToLongFunction[] work) {
        long sink = 0;
        for (java.util.function.IntToLongFunction w : work) {
            long warm = System.nanoTime() + (long) (seconds / 2 * 1e9);
            for (int i = 0; System.nanoTime() < warm; i++) {
                sink += w.applyAsLong(i);
            }
        }
        long[] calls = new long[work.length];
        long[] nanos = new long[work.length];
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < work.length; k++) {
                long start = System.nanoTime();
                long end = start + (long) (seconds / rounds * 1e9);
                int i = 0;
                while (System.nanoTime() < end) {
                    sink += work[k].applyAsLong(i++);
                }
                calls[k] += i;
                nanos[k] += System.nanoTime() - start;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        double[] out = new double[work.length];
        for (int k = 0; k < work.length; k++) {
            out[k] = calls[k] / (nanos[k] / 1e9);
        }
        return out;
    }
}
