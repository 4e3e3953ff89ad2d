package org.fedra.hub;

import java.time.Duration;
import org.fedra.protocol.failure.FailureReason;

/**
 * What came back from one node for one task.
 *
 * @param nodeId  the node
 * @param taskId  the task
 * @param ok      true when the node returned a result
 * @param result  the result payload (empty when not ok)
 * @param error   why there is no result (empty when ok)
 * @param elapsed from submission to outcome
 * @param reason  why there is no result, in the domain's terms (null when ok)
 */
public record TaskOutcome(String nodeId, String taskId, boolean ok, byte[] result, String error, Duration elapsed, FailureReason reason) {
    /** An outcome whose failure, if any, has no reason but its message. */
    public TaskOutcome(String nodeId, String taskId, boolean ok, byte[] result, String error, Duration elapsed) {
        this(nodeId, taskId, ok, result, error, elapsed, ok ? null : FailureReason.INTERNAL);
    }
}
