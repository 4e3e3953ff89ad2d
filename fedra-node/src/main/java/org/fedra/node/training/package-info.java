/**
 * The node's side of federated training. {@link org.fedra.node.training.TrainingDataReaders} reads a job's examples
 * through the consent-filtered view with the reader of the job's model family (the tabular family's is
 * {@link org.fedra.node.training.TrainingData}, split by {@link org.fedra.node.training.HeldOutSplit});
 * {@link org.fedra.node.training.TrainingContribution} turns them into the vector of one step with that family's
 * trainer or evaluator (standardisation summands, local update, evaluation vector), within the job limits and until
 * the job is cancelled or the task is past its deadline. {@link org.fedra.node.training.TrainingExecutor} runs them in
 * the node's task pipeline, which authorises the study first, sends secure-sum vectors only masked and audits every
 * release (an individual update, for robust rules, as one the hub sees unmasked).
 */
package org.fedra.node.training;
