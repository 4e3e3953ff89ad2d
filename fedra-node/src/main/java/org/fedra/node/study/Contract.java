package org.fedra.node.study;

import java.time.Instant;
import java.util.Set;
import org.fedra.protocol.study.ContractStatus;
import org.fedra.protocol.study.Purpose;

/**
 * This node's contract for one study: what was proposed and what the node decided.
 *
 * @param state     accepted, declined or awaiting-approval
 * @param reason    the grounds of the decision, in words the researcher and the steward can act on
 * @param decidedBy {@code policy} (automatic) or {@code steward}; null while awaiting approval
 */
public record Contract(String studyId, String title, Purpose purpose, String organisation, Set<String> analyses, ContractStatus state,
                       String reason, Instant proposedAt, Instant decidedAt, String decidedBy) {

    public boolean accepted() {
        return state == ContractStatus.ACCEPTED;
    }

    /** The state's code, e.g. {@code awaiting-approval}. */
    public String status() {
        return state.code();
    }
}
