/**
 * The node's executors of statistics and regression, both by secure aggregation.
 *
 * <p>{@link org.fedra.node.analysis.StatisticsExecutor} and {@link org.fedra.node.analysis.RegressionExecutor} run in the
 * node's {@link org.fedra.node.pipeline.TaskPipeline}: it authorised the study before they run, and it keeps their
 * vector in the secure-sum session and lets it out only masked. They read the variables through the consent-filtered
 * view ({@link org.fedra.node.analysis.PatientValues}, most recent observation per patient) and compute the node's
 * vector ({@link org.fedra.node.analysis.StatisticsContribution} or {@link org.fedra.node.analysis.RegressionContribution}).
 * A node with no complete row contributes zeros; one with fewer complete rows than its minimum cell size declines with
 * a reason. Nothing here may touch the store or the database (an architecture test checks it).
 */
package org.fedra.node.analysis;
