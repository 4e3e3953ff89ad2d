package org.fedra.privacy.securityindex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Security Index of every node of a {@link NetworkSnapshot} (DESIGN.md section 6):
 *
 * <pre>
 *   P_ij = (α_ij · CVSS_i/10 / RE_ij) / Σ_{i,j} (α_ij · CVSS_i/10)
 *   P_j  = Σ_i P_ij        (probability that node j is the one an attack succeeds on)
 *   SI_j = (1 - P_j) · 100
 * </pre>
 *
 * A node without known vulnerabilities, or any node of a network without any (total exposure
 * zero), has SI = 100. The index is relative: compute a new one from every new snapshot.
 * {@link #pathWeight(String)} exposes {@code P_j}, which adds along a path, so shortest-path
 * algorithms can minimise the attack probability of a route.
 */
public final class SecurityIndex {
    private final Map<String, Double> attackProbability;

    private SecurityIndex(Map<String, Double> attackProbability) {
        this.attackProbability = attackProbability;
    }

    /** Computes the index of every node of the snapshot. */
    public static SecurityIndex of(NetworkSnapshot snapshot) {
        double total = 0;
        for (String node : snapshot.nodeIds()) {
            for (Vulnerability v : snapshot.vulnerabilities(node)) {
                total += v.exposure();
            }
        }
        Map<String, Double> p = new LinkedHashMap<>();
        for (String node : snapshot.nodeIds()) {
            double pj = 0;
            if (total > 0) {
                for (Vulnerability v : snapshot.vulnerabilities(node)) {
                    pj += v.remediatedExposure() / total;
                }
            }
            p.put(node, pj);
        }
        return new SecurityIndex(Collections.unmodifiableMap(p));
    }

    /**
     * {@code P_j}.
     *
     * @throws IllegalArgumentException if the node is not in the snapshot
     */
    public double attackProbability(String nodeId) {
        Double p = attackProbability.get(nodeId);
        if (p == null) {
            throw new IllegalArgumentException("unknown network node: " + nodeId);
        }
        return p;
    }

    /** {@code SI_j = (1 - P_j)·100}, in [0, 100]. */
    public double index(String nodeId) {
        return (1 - attackProbability(nodeId)) * 100;
    }

    /** The additive weight of node {@code j} for path computation: {@code P_j}. */
    public double pathWeight(String nodeId) {
        return attackProbability(nodeId);
    }

    /** The sum of {@link #pathWeight(String)} over the nodes of a path. */
    public double pathWeight(List<String> path) {
        double sum = 0;
        for (String node : path) {
            sum += pathWeight(node);
        }
        return sum;
    }

    /** {@code SI_j} of every node, in snapshot order. */
    public Map<String, Double> indices() {
        Map<String, Double> out = new LinkedHashMap<>();
        attackProbability.forEach((k, v) -> out.put(k, (1 - v) * 100));
        return Collections.unmodifiableMap(out);
    }
}
