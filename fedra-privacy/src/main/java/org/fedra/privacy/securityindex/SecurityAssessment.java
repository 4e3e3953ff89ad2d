package org.fedra.privacy.securityindex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The security index of every network node at one moment, with the findings it was computed from: an immutable
 * value to keep as history, show to the operator, and hand to path computation and to the policies. The index is
 * relative (DESIGN section 6), so every change recomputes every node's value; the computation is linear in the number
 * of findings and exact.
 */
public final class SecurityAssessment {
    private final Instant at;
    private final NetworkFindings findings;
    private final SecurityIndex index;

    private SecurityAssessment(Instant at, NetworkFindings findings, SecurityIndex index) {
        this.at = at;
        this.findings = findings;
        this.index = index;
    }

    /** Assesses the network as {@code findings} describe it, at the time given (the caller's clock). */
    public static SecurityAssessment of(NetworkFindings findings, Instant at) {
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(at, "time");
        return new SecurityAssessment(at, findings, SecurityIndex.of(findings.snapshot()));
    }

    public Instant at() {
        return at;
    }

    public NetworkFindings findings() {
        return findings;
    }

    /** The index of every node, with {@code P_j} for path computation. */
    public SecurityIndex index() {
        return index;
    }

    /** {@code SI_j} of a node, 0 to 100. */
    public double index(String nodeId) {
        return index.index(nodeId);
    }

    /** {@code SI_j} of every node, in node order. */
    public Map<String, Double> indices() {
        return index.indices();
    }

    /** The findings of one node (what the operator and that node's steward may see). */
    public List<Finding> findings(String nodeId) {
        return findings.findings(nodeId);
    }

    /** The nodes whose index is below {@code threshold}, in node order. */
    public Set<String> below(double threshold) {
        Set<String> out = new LinkedHashSet<>();
        index.indices().forEach((node, si) -> {
            if (si < threshold) {
                out.add(node);
            }
        });
        return out;
    }

    /** The nodes whose index differs from {@code previous} (new and departed nodes included), in node order. */
    public List<IndexChange> changesSince(SecurityAssessment previous) {
        List<IndexChange> out = new ArrayList<>();
        Map<String, Double> before = previous.indices();
        Map<String, Double> after = indices();
        after.forEach((node, si) -> {
            Double b = before.get(node);
            if (b == null || b.doubleValue() != si.doubleValue()) {
                out.add(new IndexChange(node, b == null ? Double.NaN : b, si));
            }
        });
        before.forEach((node, si) -> {
            if (!after.containsKey(node)) {
                out.add(new IndexChange(node, si, Double.NaN));
            }
        });
        return out;
    }
}
