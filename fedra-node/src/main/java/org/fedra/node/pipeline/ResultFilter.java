package org.fedra.node.pipeline;

import org.fedra.node.study.AuthorisedStudy;
import org.fedra.protocol.analysis.spi.AnalysisTask;

/**
 * One step every task result passes on its way out of the node, in the order {@link ResultFilters} lists them:
 * disclosure control now; differential privacy, watermarks and output checks later. A filter returns the result
 * unchanged, a transformed one (counts become a released answer), or throws a
 * {@link org.fedra.protocol.failure.Failure} to stop the release.
 */
public interface ResultFilter {
    /**
     * @param result the executor's result, as the filters before this one left it
     * @param task   the task it answers
     */
    TaskResult apply(TaskResult result, Task task);

    /**
     * The task a result answers.
     *
     * @param taskId the task
     * @param jobId  its job
     * @param task   study, analysis, step and parameters
     * @param study  the study as the contract accepted it
     * @param node   the node and its disclosure settings
     */
    record Task(String taskId, String jobId, AnalysisTask task, AuthorisedStudy study, NodeDetails node) {}
}
