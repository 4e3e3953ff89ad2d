package org.fedra.hub;

import java.time.Duration;

/**
 * What came back from one node for one task.
 *
 * @param nodeId  the node
 * @param taskId  the task
 * @param ok      true when the node returned a result
 * @param result  the result payload (empty when not ok)
 * @param error   why there is no result (empty when ok)
 * @param elapsed from submission to outcome
 */
public record TaskOutcome(String nodeId, String taskId, boolean ok, byte[] result, String error, Duration elapsed) {}
