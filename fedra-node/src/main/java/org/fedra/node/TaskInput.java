package org.fedra.node;

import java.time.Instant;

/**
 * A task as a handler sees it.
 *
 * @param taskId   the task's id
 * @param jobId    the job it belongs to
 * @param type     its type
 * @param payload  its input
 * @param deadline when the hub stops waiting for the result
 */
public record TaskInput(String taskId, String jobId, String type, byte[] payload, Instant deadline) {}
