package org.fedra.privacy.securityindex;

import java.util.List;
import java.util.Objects;

/**
 * A known vulnerability on one network node as the operator and that node's steward see it: the CVSS base score
 * the index uses, where the score came from, the weight {@code α_ij}, the declared remediation and the evidence (the
 * packages and advisories that matched).
 *
 * @param scoreSource where {@code cvssBaseScore} came from: {@code "OSV"}, {@code "NVD"}, {@code "ASSUMED"} (no
 *        score known; the federation's assumed score) or {@code "DECLARED"} (given by the operator, e.g. for a router)
 */
public record Finding(String vulnerabilityId, double cvssBaseScore, String scoreSource, double weight,
        Remediation remediation, List<String> evidence) {
    public Finding {
        Objects.requireNonNull(scoreSource, "score source");
        Objects.requireNonNull(remediation, "remediation");
        evidence = List.copyOf(evidence);
        // validates id, score and weight with the index's own rules
        new Vulnerability(vulnerabilityId, cvssBaseScore, remediation.level(), weight);
    }

    /** The vulnerability as the index counts it. */
    public Vulnerability toVulnerability() {
        return new Vulnerability(vulnerabilityId, cvssBaseScore, remediation.level(), weight);
    }

    /** The same finding with another remediation. */
    public Finding withRemediation(Remediation r) {
        return new Finding(vulnerabilityId, cvssBaseScore, scoreSource, weight, r, evidence);
    }
}
