package org.fedra.hub;

import java.time.Duration;
import java.util.List;

/**
 * A task to send to nodes: the same type and payload to each.
 *
 * @param jobId         the job it belongs to (results of one job are correlated by it; a secure sum's round)
 * @param type          the task type a node module registered, e.g. {@code echo}
 * @param payload       the task's input
 * @param nodeIds       the nodes to run it on
 * @param deadline      how long each node has to answer; after it the task fails with a reason
 * @param analysisJobId the analysis job that sent it, or null; cancelling that job cancels the task
 */
public record TaskRequest(String jobId, String type, byte[] payload, List<String> nodeIds, Duration deadline, String analysisJobId) {
    public TaskRequest {
        if (type == null || !type.matches("[a-z][a-z0-9.-]{0,99}")) {
            throw new IllegalArgumentException("task type must be lower-case letters, digits, '.' or '-', starting with a letter: " + type);
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("task deadline must be positive");
        }
        if (nodeIds == null || nodeIds.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one node");
        }
        nodeIds = List.copyOf(nodeIds);
    }

    /** A task of no analysis job. */
    public TaskRequest(String jobId, String type, byte[] payload, List<String> nodeIds, Duration deadline) {
        this(jobId, type, payload, nodeIds, deadline, null);
    }

    /** The same task sent on behalf of an analysis job. */
    public TaskRequest forAnalysisJob(String id) {
        return new TaskRequest(jobId, type, payload, nodeIds, deadline, id);
    }
}
