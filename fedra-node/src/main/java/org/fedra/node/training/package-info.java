/**
 * The node's side of federated training. {@link org.fedra.node.training.TrainingDataReaders} reads a job's examples
 * through the consent-filtered view with the reader of the job's model family (the tabular family's is
 * {@link org.fedra.node.training.TrainingData}, split by {@link org.fedra.node.training.HeldOutSplit});
 * {@link org.fedra.node.training.TrainingContribution} turns them into the vector of one step with that family's
 * trainer or evaluator (standardisation summands, local update, evaluation vector), within the job limits and until
 * the task is cancelled or past its deadline. The vectors travel masked, through the secure-sum tasks of
 * {@link org.fedra.node.analysis.SecureSumTasks}, or, for robust rules, as the audited individual release of
 * {@link org.fedra.node.training.PlainUpdateTask}.
 */
package org.fedra.node.training;
