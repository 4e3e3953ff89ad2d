package org.fedra.node.study;

import java.util.List;
import org.fedra.protocol.study.Purpose;

/** The automatic part of a contract decision: the proposal checked against the node's standing policy. */
final class ContractBookDecisions {
    private ContractBookDecisions() {}

    /** Why the policy declines the proposal, or null when it allows it. */
    static String refusal(NodePolicy policy, ContractProposal p) {
        if (!policy.acceptedPurposes().contains(p.purpose())) {
            return "the purpose " + p.purpose() + " is not accepted by this node's policy (accepted: "
                    + policy.acceptedPurposes().stream().map(Purpose::toString).sorted().toList() + ")";
        }
        if (!policy.acceptsOrganisation(p.organisation())) {
            return "the organisation " + p.organisation() + " is not accepted by this node's policy";
        }
        List<String> refused = p.analyses().stream().filter(a -> !policy.acceptedAnalyses().contains(a)).sorted().toList();
        if (!refused.isEmpty()) {
            return "the analyses " + refused + " are not accepted by this node's policy";
        }
        if (policy.minimumSecurityIndex() > 0) {
            if (p.securityIndex() == null) {
                return "the node's policy requires a security index of at least " + policy.minimumSecurityIndex()
                        + " and the hub assessed none for this study";
            }
            if (p.securityIndex() < policy.minimumSecurityIndex()) {
                return "the study's security index " + p.securityIndex() + " is below the node's minimum of " + policy.minimumSecurityIndex();
            }
        }
        return null;
    }

}
