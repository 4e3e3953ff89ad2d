package org.fedra.hub.study;

import java.time.Instant;

/**
 * A node's answer to a study, as the hub last heard it.
 *
 * @param status    one of {@code proposed} (not answered yet), {@code accepted}, {@code declined},
 *                  {@code awaiting-approval} (the node's steward must decide) or {@code unreachable}
 * @param reason    why, in the node's words (empty for accepted)
 * @param decidedAt when the node decided (null while undecided)
 */
public record ContractState(String nodeId, String status, String reason, Instant decidedAt) {
    public boolean accepted() {
        return "accepted".equals(status);
    }
}
