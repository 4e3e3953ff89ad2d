package org.fedra.hub.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.privacy.securityindex.NetworkFindings;

/**
 * The interconnection topology (DESIGN section 7): routers, access nodes, the hospital nodes and the hub attached to
 * access nodes, and the links between them. Immutable and valid by construction: every change returns a new
 * topology, and a change that would make it invalid is refused with the previous one left as it was.
 */
public final class Topology {
    private final Map<String, NetworkNode> nodes;
    private final Map<String, Link> links;

    private Topology(Map<String, NetworkNode> nodes, Map<String, Link> links) {
        this.nodes = nodes;
        this.links = links;
    }

    /**
     * A topology of these nodes and links.
     *
     * @throws IllegalArgumentException naming the place ({@code links[3] (l7): ...}) for a duplicate id, a link to
     *         an unknown node or to itself, a negative or impossible bandwidth, a negative delay, or a hospital node or
     *         hub that is not attached to an access node
     */
    public static Topology of(List<NetworkNode> nodes, List<Link> links) {
        Map<String, NetworkNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NetworkNode n = nodes.get(i);
            if (n.id().isBlank()) {
                throw new IllegalArgumentException("nodes[" + i + "]: the id is empty");
            }
            if (byId.putIfAbsent(n.id(), n) != null) {
                throw new IllegalArgumentException("nodes[" + i + "] (" + n.id() + "): duplicate node id");
            }
        }
        Map<String, Link> linkById = new LinkedHashMap<>();
        Map<String, List<Link>> attached = new HashMap<>();
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            String place = "links[" + i + "] (" + l.id() + ")";
            if (l.id().isBlank()) {
                throw new IllegalArgumentException("links[" + i + "]: the id is empty");
            }
            if (linkById.putIfAbsent(l.id(), l) != null) {
                throw new IllegalArgumentException(place + ": duplicate link id");
            }
            checkLink(place, l, byId);
            attached.computeIfAbsent(l.a(), k -> new ArrayList<>()).add(l);
            attached.computeIfAbsent(l.b(), k -> new ArrayList<>()).add(l);
        }
        for (int i = 0; i < nodes.size(); i++) {
            NetworkNode n = nodes.get(i);
            if (!n.isEndpoint()) {
                continue;
            }
            List<Link> own = attached.getOrDefault(n.id(), List.of());
            if (own.isEmpty()) {
                throw new IllegalArgumentException("nodes[" + i + "] (" + n.id() + "): a " + kindName(n)
                        + " must be attached to an access node by a link");
            }
            for (Link l : own) {
                NetworkNode other = byId.get(l.opposite(n.id()));
                if (other.kind() != NetworkNode.Kind.ACCESS) {
                    throw new IllegalArgumentException("nodes[" + i + "] (" + n.id() + "): a " + kindName(n)
                            + " attaches to access nodes only, but link " + l.id() + " leads to " + kindName(other)
                            + " " + other.id());
                }
            }
        }
        return new Topology(Collections.unmodifiableMap(byId), Collections.unmodifiableMap(linkById));
    }

    private static void checkLink(String place, Link l, Map<String, NetworkNode> nodes) {
        for (String end : List.of(l.a(), l.b())) {
            if (!nodes.containsKey(end)) {
                throw new IllegalArgumentException(place + ": unknown node '" + end + "'");
            }
        }
        if (l.a().equals(l.b())) {
            throw new IllegalArgumentException(place + ": a link must join two different nodes, not " + l.a()
                    + " to itself");
        }
        if (l.capacity() <= 0) {
            throw new IllegalArgumentException(place + ": capacity must be positive, was " + l.capacity() + " bit/s");
        }
        if (l.available() < 0) {
            throw new IllegalArgumentException(place + ": available bandwidth must not be negative, was "
                    + l.available() + " bit/s");
        }
        if (l.available() > l.capacity()) {
            throw new IllegalArgumentException(place + ": available bandwidth " + Units.formatBandwidth(l.available())
                    + " exceeds the capacity " + Units.formatBandwidth(l.capacity()));
        }
        if (l.delay() < 0) {
            throw new IllegalArgumentException(place + ": delay must not be negative, was " + l.delay() + " us");
        }
    }

    private static String kindName(NetworkNode n) {
        return n.kind().name().toLowerCase(java.util.Locale.ROOT) + (n.kind() == NetworkNode.Kind.HOSPITAL ? " node"
                : n.kind() == NetworkNode.Kind.ACCESS ? " node" : "");
    }

    public Map<String, NetworkNode> nodes() {
        return nodes;
    }

    public Map<String, Link> links() {
        return links;
    }

    /**
     * A node.
     *
     * @throws IllegalArgumentException if unknown
     */
    public NetworkNode node(String id) {
        NetworkNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("unknown network node: " + id);
        }
        return n;
    }

    /**
     * A link.
     *
     * @throws IllegalArgumentException if unknown
     */
    public Link link(String id) {
        Link l = links.get(id);
        if (l == null) {
            throw new IllegalArgumentException("unknown link: " + id);
        }
        return l;
    }

    /**
     * This topology with one link's measured available bandwidth and delay (from the round-trip time and throughput
     * of a node's channel, or the operator).
     *
     * @throws IllegalArgumentException for an unknown link or an impossible measurement; this topology is unchanged
     */
    public Topology withLinkMeasurement(String linkId, long available, long delay) {
        return withLinks(List.of(link(linkId).measured(available, delay)));
    }

    /** This topology with some links replaced by the given ones (same ids), validated as a whole. */
    public Topology withLinks(Collection<Link> replaced) {
        Map<String, Link> copy = new LinkedHashMap<>(links);
        for (Link l : replaced) {
            link(l.id());
            copy.put(l.id(), l);
        }
        return of(List.copyOf(nodes.values()), List.copyOf(copy.values()));
    }

    /** The node whose {@code fedraNode} is the given Fedra node id, if any. */
    public java.util.Optional<NetworkNode> nodeOfFedraNode(String fedraNodeId) {
        return nodes.values().stream().filter(n -> fedraNodeId.equals(n.fedraNode())).findFirst();
    }

    /**
     * Every network node with the findings declared in the topology; the integration adds the findings of hospital
     * nodes and the hub from their postures ({@link NetworkFindings#withFindings}).
     */
    public NetworkFindings declaredFindings() {
        Map<String, List<org.fedra.privacy.securityindex.Finding>> byNode = new LinkedHashMap<>();
        nodes.values().forEach(n -> byNode.put(n.id(), n.declaredFindings()));
        return NetworkFindings.of(byNode);
    }
}
