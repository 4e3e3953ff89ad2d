package org.fedra.privacy.securityindex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The findings of every network node (hospital nodes, hub, routers alike) at one moment. Immutable: each change
 * (a posture, a feed, a remediation) yields a new value, validated as a whole before it is returned, so a change that
 * would leave the network inconsistent (one vulnerability with two CVSS scores) is refused and the previous value
 * stays as it was.
 */
public final class NetworkFindings {
    private static final NetworkFindings EMPTY = new NetworkFindings(Map.of());

    private final Map<String, List<Finding>> byNode;
    private final NetworkSnapshot snapshot;

    private NetworkFindings(Map<String, List<Finding>> byNode) {
        this.byNode = byNode;
        NetworkSnapshot.Builder b = NetworkSnapshot.builder();
        byNode.forEach((node, findings) -> {
            b.node(node);
            findings.forEach(f -> b.vulnerability(node, f.toVulnerability()));
        });
        this.snapshot = b.build();
    }

    /** No nodes. */
    public static NetworkFindings empty() {
        return EMPTY;
    }

    /**
     * The findings of many nodes at once, in the map's order.
     *
     * @throws IllegalArgumentException as {@link #withFindings(String, List)}
     */
    public static NetworkFindings of(Map<String, List<Finding>> findingsByNode) {
        Map<String, List<Finding>> copy = new LinkedHashMap<>();
        findingsByNode.forEach((node, findings) -> copy.put(Objects.requireNonNull(node, "node id"),
                List.copyOf(findings)));
        return new NetworkFindings(Collections.unmodifiableMap(copy));
    }

    /** The node ids, in the order they were added. */
    public Set<String> nodeIds() {
        return byNode.keySet();
    }

    /**
     * A node's findings.
     *
     * @throws IllegalArgumentException if the node is unknown
     */
    public List<Finding> findings(String nodeId) {
        List<Finding> f = byNode.get(nodeId);
        if (f == null) {
            throw new IllegalArgumentException("unknown network node: " + nodeId);
        }
        return f;
    }

    /** The network as the index computes it. */
    public NetworkSnapshot snapshot() {
        return snapshot;
    }

    /** With a node (no findings yet) added; unchanged if it is known. */
    public NetworkFindings withNode(String nodeId) {
        Objects.requireNonNull(nodeId, "node id");
        if (byNode.containsKey(nodeId)) {
            return this;
        }
        Map<String, List<Finding>> copy = new LinkedHashMap<>(byNode);
        copy.put(nodeId, List.of());
        return new NetworkFindings(Collections.unmodifiableMap(copy));
    }

    /**
     * With a node's findings replaced by {@code findings} (the node is added if unknown).
     *
     * @throws IllegalArgumentException if a vulnerability appears twice in {@code findings} or carries another CVSS
     *         score than on another node
     */
    public NetworkFindings withFindings(String nodeId, List<Finding> findings) {
        Objects.requireNonNull(nodeId, "node id");
        Map<String, List<Finding>> copy = new LinkedHashMap<>(byNode);
        copy.put(nodeId, List.copyOf(findings));
        return new NetworkFindings(Collections.unmodifiableMap(copy));
    }

    /**
     * With the remediation of one finding of one node changed.
     *
     * @throws IllegalArgumentException if the node does not have that finding
     */
    public NetworkFindings withRemediation(String nodeId, String vulnerabilityId, Remediation remediation) {
        List<Finding> updated = new ArrayList<>();
        boolean found = false;
        for (Finding f : findings(nodeId)) {
            if (f.vulnerabilityId().equals(vulnerabilityId)) {
                updated.add(f.withRemediation(remediation));
                found = true;
            } else {
                updated.add(f);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("node " + nodeId + " has no finding " + vulnerabilityId);
        }
        return withFindings(nodeId, updated);
    }

    /** Without a node (it left the network); unchanged if it is unknown. */
    public NetworkFindings withoutNode(String nodeId) {
        if (!byNode.containsKey(nodeId)) {
            return this;
        }
        Map<String, List<Finding>> copy = new LinkedHashMap<>(byNode);
        copy.remove(nodeId);
        return new NetworkFindings(Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkFindings n && byNode.equals(n.byNode);
    }

    @Override
    public int hashCode() {
        return byNode.hashCode();
    }
}
