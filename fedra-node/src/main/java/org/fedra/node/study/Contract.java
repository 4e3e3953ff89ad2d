package org.fedra.node.study;

import java.time.Instant;
import java.util.Set;
import org.fedra.protocol.study.Purpose;

/**
 * This node's contract for one study: what was proposed and what the node decided.
 *
 * @param status    {@code accepted}, {@code declined} or {@code awaiting-approval}
 * @param reason    the grounds of the decision, in words the researcher and the steward can act on
 * @param decidedBy {@code policy} (automatic) or {@code steward}; null while awaiting approval
 */
public record Contract(String studyId, String title, Purpose purpose, String organisation, Set<String> analyses, String status,
                       String reason, Instant proposedAt, Instant decidedAt, String decidedBy) {
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String AWAITING_APPROVAL = "awaiting-approval";

    public boolean accepted() {
        return ACCEPTED.equals(status);
    }
}
