package org.fedra.privacy.securityindex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The network at one moment, as the security index sees it: every node (hospital nodes, hub,
 * routers alike) and each node's known vulnerabilities. Immutable; a change produces a new
 * snapshot, and the index is recomputed from it (the index is relative, so any change moves
 * every node's value).
 */
public final class NetworkSnapshot {
    private final Map<String, List<Vulnerability>> nodes;

    private NetworkSnapshot(Map<String, List<Vulnerability>> nodes) {
        this.nodes = nodes;
    }

    /** A builder for a new snapshot. */
    public static Builder builder() {
        return new Builder();
    }

    /** The node ids, in insertion order. */
    public Set<String> nodeIds() {
        return nodes.keySet();
    }

    /** Whether the snapshot knows {@code nodeId}. */
    public boolean contains(String nodeId) {
        return nodes.containsKey(nodeId);
    }

    /**
     * The vulnerabilities of one node.
     *
     * @throws IllegalArgumentException if the node is unknown
     */
    public List<Vulnerability> vulnerabilities(String nodeId) {
        List<Vulnerability> v = nodes.get(nodeId);
        if (v == null) {
            throw new IllegalArgumentException("unknown network node: " + nodeId);
        }
        return v;
    }

    /** A copy of this snapshot with one more vulnerability on an existing node. */
    public NetworkSnapshot withVulnerability(String nodeId, Vulnerability vulnerability) {
        Builder b = toBuilder();
        b.vulnerability(nodeId, vulnerability);
        return b.build();
    }

    /**
     * A copy of this snapshot without one vulnerability on one node (fixed, or withdrawn).
     *
     * @throws IllegalArgumentException if the node is unknown or does not list it
     */
    public NetworkSnapshot withoutVulnerability(String nodeId, String vulnerabilityId) {
        List<Vulnerability> current = vulnerabilities(nodeId);
        if (current.stream().noneMatch(v -> v.id().equals(vulnerabilityId))) {
            throw new IllegalArgumentException("node " + nodeId + " has no vulnerability " + vulnerabilityId);
        }
        Builder b = new Builder();
        nodes.forEach((id, vs) -> {
            b.node(id);
            vs.stream().filter(v -> !(id.equals(nodeId) && v.id().equals(vulnerabilityId)))
                    .forEach(v -> b.vulnerability(id, v));
        });
        return b.build();
    }

    /** A copy of this snapshot with a vulnerability's remediation level on one node changed. */
    public NetworkSnapshot withRemediation(String nodeId, String vulnerabilityId, double remediationLevel) {
        List<Vulnerability> current = vulnerabilities(nodeId);
        Builder b = new Builder();
        boolean found = false;
        for (Map.Entry<String, List<Vulnerability>> e : nodes.entrySet()) {
            b.node(e.getKey());
            for (Vulnerability v : e.getValue()) {
                if (e.getKey().equals(nodeId) && v.id().equals(vulnerabilityId)) {
                    v = new Vulnerability(v.id(), v.cvssBaseScore(), remediationLevel, v.weight());
                    found = true;
                }
                b.vulnerability(e.getKey(), v);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("node " + nodeId + " has no vulnerability " + vulnerabilityId
                    + " (it has " + current.stream().map(Vulnerability::id).toList() + ")");
        }
        return b.build();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        nodes.forEach((id, vs) -> {
            b.node(id);
            vs.forEach(v -> b.vulnerability(id, v));
        });
        return b;
    }

    /** Collects nodes and vulnerabilities; validates consistency as they are added. */
    public static final class Builder {
        private final Map<String, List<Vulnerability>> nodes = new LinkedHashMap<>();
        private final Map<String, Double> cvssById = new LinkedHashMap<>();

        private Builder() {
        }

        /** Declares a node (idempotent). */
        public Builder node(String nodeId) {
            Objects.requireNonNull(nodeId, "node id");
            if (nodeId.isBlank()) {
                throw new IllegalArgumentException("node id must not be blank");
            }
            nodes.computeIfAbsent(nodeId, k -> new ArrayList<>());
            return this;
        }

        /**
         * Adds a vulnerability to a declared node.
         *
         * @throws IllegalArgumentException if the node was not declared, the node already has a
         *         vulnerability with this id, or the id was given a different CVSS score elsewhere
         */
        public Builder vulnerability(String nodeId, Vulnerability vulnerability) {
            Objects.requireNonNull(vulnerability, "vulnerability");
            List<Vulnerability> list = nodes.get(nodeId);
            if (list == null) {
                throw new IllegalArgumentException("unknown network node: " + nodeId
                        + " (declare it with node() before adding vulnerability " + vulnerability.id() + ")");
            }
            for (Vulnerability v : list) {
                if (v.id().equals(vulnerability.id())) {
                    throw new IllegalArgumentException("node " + nodeId + " already lists vulnerability " + v.id());
                }
            }
            Double known = cvssById.get(vulnerability.id());
            if (known != null && known != vulnerability.cvssBaseScore()) {
                throw new IllegalArgumentException("vulnerability " + vulnerability.id() + " has CVSS " + known
                        + " elsewhere but " + vulnerability.cvssBaseScore() + " on node " + nodeId);
            }
            cvssById.put(vulnerability.id(), vulnerability.cvssBaseScore());
            list.add(vulnerability);
            return this;
        }

        /** Convenience: a vulnerability with weight 1. */
        public Builder vulnerability(String nodeId, String id, double cvssBaseScore, double remediationLevel) {
            return vulnerability(nodeId, Vulnerability.of(id, cvssBaseScore, remediationLevel));
        }

        public NetworkSnapshot build() {
            Map<String, List<Vulnerability>> copy = new LinkedHashMap<>();
            nodes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new NetworkSnapshot(Collections.unmodifiableMap(copy));
        }
    }
}
