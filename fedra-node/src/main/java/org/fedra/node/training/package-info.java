/**
 * The node's side of federated training: {@link org.fedra.node.training.TrainingData} reads a job's rows through
 * the consent-filtered view and splits them with {@link org.fedra.node.training.HeldOutSplit};
 * {@link org.fedra.node.training.TrainingContribution} turns them into the vector of one secure sum (standardisation
 * summands, local update, evaluation sums). The vectors travel only masked, through the secure-sum tasks of
 * {@link org.fedra.node.analysis.SecureSumTasks}, which audit every release.
 */
package org.fedra.node.training;
