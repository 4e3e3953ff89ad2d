/**
 * The node's side of statistics and regression by secure aggregation.
 *
 * <p>{@link org.fedra.node.analysis.SecureSumTasks} registers the task types {@code secagg.keys},
 * {@code secagg.shares}, {@code secagg.masked} and {@code secagg.unmask}. The key step authorises the study with the
 * node's contract book, reads the variables through the consent-filtered view ({@link org.fedra.node.analysis.PatientValues},
 * most recent observation per patient), computes the node's vector
 * ({@link org.fedra.node.analysis.StatisticsContribution} or {@link org.fedra.node.analysis.RegressionContribution}) and
 * keeps it in an in-memory, expiring session; only its masked form leaves the node, and that release is audited
 * first. A node with no complete row contributes zeros; one with fewer complete rows than its minimum cell size
 * declines with a reason.
 */
package org.fedra.node.analysis;
