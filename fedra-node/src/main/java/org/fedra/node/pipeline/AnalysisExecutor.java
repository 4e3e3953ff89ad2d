package org.fedra.node.pipeline;

import java.util.Optional;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.failure.Failure;

/**
 * The node side of one analysis type: computes a task's result from what the {@link ExecutionContext} offers (the
 * consent-filtered view, an audit facility, the clock, the task's parameters, the node's identity and disclosure
 * settings, progress and cancellation) and nothing else. It never opens the store or the database, never audits a
 * release and never sends anything: the {@link TaskPipeline} authorised the study before it runs, and passes its
 * typed result through the result filters, audits the release and sends it afterwards.
 *
 * <p>Executors are found through {@link java.util.ServiceLoader} ({@code META-INF/services/org.fedra.node.pipeline.AnalysisExecutor});
 * each node runtime loads its own instances, so an executor may keep state between the tasks of a job.
 */
public interface AnalysisExecutor {
    /** The analysis type this executor runs (its {@link org.fedra.protocol.analysis.spi.AnalysisType#name()}). */
    String analysis();

    /** Called once, before the first task, with what the node gives every executor. */
    default void start(ExecutorEnvironment environment) {}

    /**
     * Runs one task. For a secure sum's first step ({@link AnalysisTask#SECURE_SUM}) the result is a
     * {@link TaskResult.SecureSumVector}; the pipeline runs the rest of the secure-sum protocol.
     *
     * @throws Exception fails the task; the message goes to the hub, so it must not contain patient-level data
     */
    TaskResult execute(ExecutionContext context) throws Exception;

    /**
     * What the node answers when the study's contract refuses a task: empty (the default) fails the task with the
     * refusal; an answer is released as it is (audited, never with data: the view was not opened).
     */
    default Optional<TaskResult.Released> declined(AnalysisTask task, String taskId, NodeDetails node, Failure refusal) {
        return Optional.empty();
    }

    /** The hub cancelled a job: forget whatever this executor keeps for it. */
    default void cancelled(String jobId) {}
}
