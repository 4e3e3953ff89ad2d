package org.fedra.hub.study;

import java.time.Instant;
import org.fedra.protocol.study.ContractStatus;

/**
 * A node's answer to a study, as the hub last heard it.
 *
 * @param state     proposed (not answered yet), accepted, declined, awaiting-approval (the node's steward must decide)
 *                  or unreachable
 * @param reason    why, in the node's words (empty for accepted)
 * @param decidedAt when the node decided (null while undecided)
 */
public record ContractState(String nodeId, ContractStatus state, String reason, Instant decidedAt) {
    public boolean accepted() {
        return state == ContractStatus.ACCEPTED;
    }

    /** The state's code, e.g. {@code awaiting-approval}. */
    public String status() {
        return state.code();
    }
}
