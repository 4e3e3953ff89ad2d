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
    private final Graph<String, LinkEdge> graph;
    private final Map<String, Double> index;
    private final Map<String, Double> risk;

    /** A link as a JGraphT edge: JGraphT keeps its endpoints and weight in the edge itself (identity, not value). */
    static final class LinkEdge extends DefaultWeightedEdge {
        private static final long serialVersionUID = 1L;
        final transient Link link;

        LinkEdge(Link link) {
            this.link = link;
        }
    }

    private SecurePathEngine(Topology topology, Graph<String, LinkEdge> graph, Map<String, Double> index,
            Map<String, Double> risk) {
        this.topology = topology;
        this.graph = graph;
        this.index = index;
        this.risk = risk;
    }

    /**
     * An engine for a topology whose nodes have the given security index. A topology node the index does not know
     * has no known vulnerability: index 100, attack probability 0.
     */
    public static SecurePathEngine of(Topology topology, SecurityIndex securityIndex) {
        Graph<String, LinkEdge> g = GraphTypeBuilder.<String, LinkEdge>undirected().allowingMultipleEdges(true)
                .allowingSelfLoops(false).weighted(true).buildGraph();
        topology.nodes().keySet().forEach(g::addVertex);
        for (Link l : topology.links().values()) {
            LinkEdge e = new LinkEdge(l);
            g.addEdge(l.a(), l.b(), e);
            g.setEdgeWeight(e, l.delay());
        }
        return new SecurePathEngine(topology, g, null, null).withIndex(securityIndex);
    }

    /** The same topology with a new security index (the graph is shared, not rebuilt). */
    public SecurePathEngine withIndex(SecurityIndex securityIndex) {
        Map<String, Double> si = new HashMap<>();
        Map<String, Double> p = new HashMap<>();
        securityIndex.indices().forEach((node, value) -> {
            if (topology.nodes().containsKey(node)) {
                si.put(node, value);
                p.put(node, securityIndex.attackProbability(node));
            }
        });
        return new SecurePathEngine(topology, graph, si, p);
    }

    public Topology topology() {
        return topology;
    }

    /** {@code SI_j} of a network node as this engine sees it. */
    public double index(String node) {
        return index.getOrDefault(node, 100.0);
    }

    /** {@code P_j} of a network node as this engine sees it. */
    public double attackProbability(String node) {
        return risk.getOrDefault(node, 0.0);
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
        Predicate<String> weakNode = v -> index(v) < request.minIndex();
        Predicate<LinkEdge> thinLink = e -> free(e.link, reserved) < request.bandwidth();
        GraphPath<String, LinkEdge> path = DijkstraShortestPath.findPathBetween(
                new MaskSubgraph<>(graph, weakNode, thinLink), request.source(), request.destination());
        if (path == null) {
            return diagnose(request, reserved, false);
        }
        return withinDelay(request, path.getVertexList(), path.getEdgeList());
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
        Predicate<String> nodeOk = v -> index(v) >= request.minIndex();
        Predicate<LinkEdge> linkOk = e -> free(e.link, reserved) >= request.bandwidth();
        RiskBoundedSearch.Label best = RiskBoundedSearch.leastDelay(graph, request.source(), request.destination(),
                nodeOk, linkOk, this::attackProbability, maxRisk, request.maxDelay());
        if (best != null) {
            return found(best.nodes(), best.links(), best.delay(), best.risk());
        }
        PathResult plain = diagnose(request, reserved, true);
        if (plain != null) {
            return plain;
        }
        RiskBoundedSearch.Label unbounded = RiskBoundedSearch.leastDelay(graph, request.source(),
                request.destination(), nodeOk, linkOk, this::attackProbability, maxRisk, Long.MAX_VALUE);
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
        return l.available() - reserved.getOrDefault(l.id(), 0L);
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
        Predicate<String> anyNode = v -> true;
        Predicate<String> strongNode = v -> index(v) >= r.minIndex();
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

    private boolean reachable(PathRequest r, Predicate<String> nodeOk, Predicate<LinkEdge> linkOk) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(r.source());
        seen.add(r.source());
        while (!queue.isEmpty()) {
            String v = queue.poll();
            if (v.equals(r.destination())) {
                return true;
            }
            for (LinkEdge e : graph.edgesOf(v)) {
                String w = e.link.opposite(v);
                if (linkOk.test(e) && nodeOk.test(w) && seen.add(w)) {
                    queue.add(w);
                }
            }
        }
        return false;
    }

    /** The links of the topology as edges, for the label-setting search. */
    Graph<String, LinkEdge> graph() {
        return graph;
    }

    /** Every node's index, for display (in topology order). */
    public Map<String, Double> indices() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        topology.nodes().keySet().forEach(n -> out.put(n, index(n)));
        return Collections.unmodifiableMap(out);
    }
}
