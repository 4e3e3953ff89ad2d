package org.fedra.hub.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.fedra.privacy.securityindex.SecurityIndex;
import org.fedra.protocol.failure.Failure;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * Secure path computation (DESIGN section 7): prunes links without the required bandwidth and nodes under the
 * security threshold, then finds the least-delay path (JGraphT's Dijkstra) and checks it against the delay bound; if
 * there is none it says which constraint cannot be met. {@link #routeWithinRisk} is the multi-criteria variant:
 * least delay subject to a bound on the summed attack probability {@code P_j} along the path, solved exactly by
 * label setting.
 *
 * <p>An engine is an immutable view of one state of the network (a topology and a security index); build a new one
 * when either changes ({@link #withIndex} keeps the graph, which depends on the topology only). Reserved bandwidth is
 * passed per call, so one engine serves a {@link ReservationBook} through its changes. No I/O, no clock.
 */
public final class SecurePathEngine {
    private final Topology topology;
    private final Map<String, Vertex> vertices;
    private final Graph<Vertex, LinkEdge> graph;
    /** {@code SI_j} and {@code P_j} by vertex ordinal: the pruning tests are array reads, not map look-ups. */
    private final double[] index;
    private final double[] risk;

    /** A network node as a JGraphT vertex: identity equality and an ordinal into the engine's arrays. */
    static final class Vertex {
        final int ordinal;
        final String id;

        Vertex(int ordinal, String id) {
            this.ordinal = ordinal;
            this.id = id;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** A link as a JGraphT edge: JGraphT keeps its endpoints and weight in the edge itself (identity, not value). */
    static final class LinkEdge extends DefaultWeightedEdge {
        private static final long serialVersionUID = 1L;
        final transient Link link;
        final transient Vertex a;
        final transient Vertex b;

        LinkEdge(Link link, Vertex a, Vertex b) {
            this.link = link;
            this.a = a;
            this.b = b;
        }

        Vertex opposite(Vertex v) {
            return v == a ? b : a;
        }
    }

    private SecurePathEngine(Topology topology, Map<String, Vertex> vertices, Graph<Vertex, LinkEdge> graph,
            double[] index, double[] risk) {
        this.topology = topology;
        this.vertices = vertices;
        this.graph = graph;
        this.index = index;
        this.risk = risk;
    }

    /**
     * An engine for a topology whose nodes have the given security index. A topology node the index does not know
     * has no known vulnerability: index 100, attack probability 0.
     */
    public static SecurePathEngine of(Topology topology, SecurityIndex securityIndex) {
        Graph<Vertex, LinkEdge> g = GraphTypeBuilder.<Vertex, LinkEdge>undirected().allowingMultipleEdges(true)
                .allowingSelfLoops(false).weighted(true).buildGraph();
        Map<String, Vertex> vertices = new HashMap<>();
        for (String id : topology.nodes().keySet()) {
            Vertex v = new Vertex(vertices.size(), id);
            vertices.put(id, v);
            g.addVertex(v);
        }
        for (Link l : topology.links().values()) {
            LinkEdge e = new LinkEdge(l, vertices.get(l.a()), vertices.get(l.b()));
            g.addEdge(e.a, e.b, e);
            g.setEdgeWeight(e, l.delay());
        }
        return new SecurePathEngine(topology, Collections.unmodifiableMap(vertices), g, null, null)
                .withIndex(securityIndex);
    }

    /** The same topology with a new security index (the graph is shared, not rebuilt). */
    public SecurePathEngine withIndex(SecurityIndex securityIndex) {
        double[] si = new double[vertices.size()];
        double[] p = new double[vertices.size()];
        java.util.Arrays.fill(si, 100.0);
        securityIndex.indices().forEach((node, value) -> {
            Vertex v = vertices.get(node);
            if (v != null) {
                si[v.ordinal] = value;
                p[v.ordinal] = securityIndex.attackProbability(node);
            }
        });
        return new SecurePathEngine(topology, vertices, graph, si, p);
    }

    public Topology topology() {
        return topology;
    }

    /** {@code SI_j} of a network node as this engine sees it. */
    public double index(String node) {
        Vertex v = vertices.get(node);
        return v == null ? 100.0 : index[v.ordinal];
    }

    /** {@code P_j} of a network node as this engine sees it. */
    public double attackProbability(String node) {
        Vertex v = vertices.get(node);
        return v == null ? 0.0 : risk[v.ordinal];
    }

    /** Routes with nothing reserved. */
    public PathResult route(PathRequest request) {
        return route(request, Map.of());
    }

    /**
     * The least-delay path meeting the request, given the bandwidth already reserved on links (by link id).
     *
     * @throws Failure NOT_FOUND if an endpoint is not in the topology
     */
    public PathResult route(PathRequest request, Map<String, Long> reserved) {
        PathResult refused = checkEndpoints(request);
        if (refused != null) {
            return refused;
        }
        double min = request.minIndex();
        long bandwidth = request.bandwidth();
        Predicate<Vertex> weakNode = v -> index[v.ordinal] < min;
        Predicate<LinkEdge> thinLink = e -> free(e.link, reserved) < bandwidth;
        GraphPath<Vertex, LinkEdge> path = DijkstraShortestPath.findPathBetween(
                new MaskSubgraph<>(graph, weakNode, thinLink), vertices.get(request.source()),
                vertices.get(request.destination()));
        if (path == null) {
            return diagnose(request, reserved, false);
        }
        return withinDelay(request, path.getVertexList().stream().map(v -> v.id).toList(), path.getEdgeList());
    }

    /**
     * The multi-criteria variant: the least-delay path meeting the request whose summed attack probability
     * {@code Σ P_j} over its nodes (endpoints included) is at most {@code maxRisk}. Exact: label setting with Pareto
     * labels on (delay, risk); with non-negative delays and risks the first label to reach the destination is optimal.
     */
    public PathResult routeWithinRisk(PathRequest request, double maxRisk, Map<String, Long> reserved) {
        if (!(maxRisk >= 0)) {
            throw new IllegalArgumentException("maximum attack probability must not be negative, was " + maxRisk);
        }
        PathResult refused = checkEndpoints(request);
        if (refused != null) {
            return refused;
        }
        double min = request.minIndex();
        long bandwidth = request.bandwidth();
        Predicate<Vertex> nodeOk = v -> index[v.ordinal] >= min;
        Predicate<LinkEdge> linkOk = e -> free(e.link, reserved) >= bandwidth;
        Vertex source = vertices.get(request.source());
        Vertex destination = vertices.get(request.destination());
        RiskBoundedSearch.Label best = RiskBoundedSearch.leastDelay(graph, source, destination, nodeOk, linkOk, risk,
                maxRisk, request.maxDelay());
        if (best != null) {
            return found(best.nodes(), best.links(), best.delay(), best.risk());
        }
        PathResult plain = diagnose(request, reserved, true);
        if (plain != null) {
            return plain;
        }
        RiskBoundedSearch.Label unbounded = RiskBoundedSearch.leastDelay(graph, source, destination, nodeOk, linkOk,
                risk, maxRisk, Long.MAX_VALUE);
        if (unbounded == null) {
            return PathResult.failure(PathResult.Outcome.RISK_EXCEEDED, "every path from " + request.source()
                    + " to " + request.destination() + " with the bandwidth and security index has a summed attack"
                    + " probability above " + maxRisk);
        }
        return PathResult.failure(PathResult.Outcome.DELAY_EXCEEDED, "the least delay within the risk bound is "
                + Units.formatDelay(unbounded.delay()) + ", more than " + Units.formatDelay(request.maxDelay()))
                .withDelay(unbounded.delay());
    }

    /** Bits per second still free on a link after the reservations. */
    static long free(Link l, Map<String, Long> reserved) {
        return reserved.isEmpty() ? l.available() : l.available() - reserved.getOrDefault(l.id(), 0L);
    }

    private PathResult checkEndpoints(PathRequest r) {
        for (String end : List.of(r.source(), r.destination())) {
            if (!topology.nodes().containsKey(end)) {
                throw Failure.notFound("unknown network node: " + end);
            }
        }
        for (String end : List.of(r.source(), r.destination())) {
            if (index(end) < r.minIndex()) {
                return PathResult.failure(PathResult.Outcome.BELOW_SECURITY_THRESHOLD,
                        (end.equals(r.source()) ? "source " : "destination ") + end + " has security index "
                                + String.format(java.util.Locale.ROOT, "%.2f", index(end)) + ", below the threshold "
                                + r.minIndex());
            }
        }
        return null;
    }

    private PathResult withinDelay(PathRequest r, List<String> nodes, List<LinkEdge> edges) {
        long delay = 0;
        List<String> links = new ArrayList<>(edges.size());
        for (LinkEdge e : edges) {
            delay += e.link.delay();
            links.add(e.link.id());
        }
        double p = 0;
        for (String v : nodes) {
            p += attackProbability(v);
        }
        if (delay > r.maxDelay()) {
            return PathResult.failure(PathResult.Outcome.DELAY_EXCEEDED, "the least delay from " + r.source() + " to "
                    + r.destination() + " with the bandwidth and security index is " + Units.formatDelay(delay)
                    + ", more than " + Units.formatDelay(r.maxDelay())).withDelay(delay);
        }
        return found(nodes, links, delay, p);
    }

    private static PathResult found(List<String> nodes, List<String> links, long delay, double risk) {
        return new PathResult(PathResult.Outcome.FOUND, nodes, links, delay, risk,
                "path of " + links.size() + " links, " + Units.formatDelay(delay));
    }

    /**
     * Why no path meets bandwidth and threshold together: no route at all, or not with the bandwidth, or not through
     * strong enough nodes, or each alone but not both. Returns null when a path meets both (only possible for the
     * multi-criteria variant, whose bound is then the reason).
     */
    private PathResult diagnose(PathRequest r, Map<String, Long> reserved, boolean mayBeReachable) {
        Predicate<Vertex> anyNode = v -> true;
        Predicate<Vertex> strongNode = v -> index[v.ordinal] >= r.minIndex();
        Predicate<LinkEdge> anyLink = e -> true;
        Predicate<LinkEdge> wideLink = e -> free(e.link, reserved) >= r.bandwidth();
        String between = " between " + r.source() + " and " + r.destination();
        if (mayBeReachable && reachable(r, strongNode, wideLink)) {
            return null;
        }
        if (!reachable(r, anyNode, anyLink)) {
            return PathResult.failure(PathResult.Outcome.NO_ROUTE, "no route at all" + between);
        }
        boolean bandwidth = reachable(r, anyNode, wideLink);
        boolean security = reachable(r, strongNode, anyLink);
        if (!bandwidth) {
            return PathResult.failure(PathResult.Outcome.INSUFFICIENT_BANDWIDTH, "no route" + between + " has "
                    + Units.formatBandwidth(r.bandwidth()) + " free on every link");
        }
        if (!security) {
            return PathResult.failure(PathResult.Outcome.BELOW_SECURITY_THRESHOLD, "no route" + between
                    + " passes only nodes with security index " + r.minIndex() + " or more");
        }
        return PathResult.failure(PathResult.Outcome.BANDWIDTH_AND_SECURITY, "routes" + between + " have either "
                + Units.formatBandwidth(r.bandwidth()) + " free or only nodes with security index " + r.minIndex()
                + " or more, none both");
    }

    private boolean reachable(PathRequest r, Predicate<Vertex> nodeOk, Predicate<LinkEdge> linkOk) {
        Vertex source = vertices.get(r.source());
        Vertex destination = vertices.get(r.destination());
        Set<Vertex> seen = new HashSet<>();
        ArrayDeque<Vertex> queue = new ArrayDeque<>();
        queue.add(source);
        seen.add(source);
        while (!queue.isEmpty()) {
            Vertex v = queue.poll();
            if (v == destination) {
                return true;
            }
            for (LinkEdge e : graph.edgesOf(v)) {
                Vertex w = e.opposite(v);
                if (linkOk.test(e) && nodeOk.test(w) && seen.add(w)) {
                    queue.add(w);
                }
            }
        }
        return false;
    }

    /** Every node's index, for display (in topology order). */
    public Map<String, Double> indices() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        topology.nodes().keySet().forEach(n -> out.put(n, index(n)));
        return Collections.unmodifiableMap(out);
    }
}
