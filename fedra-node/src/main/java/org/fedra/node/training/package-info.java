/**
 * The node's side of federated training: {@link org.fedra.node.training.TrainingData} reads a job's rows through
 * the consent-filtered view and splits them with {@link org.fedra.node.training.HeldOutSplit};
 * {@link org.fedra.node.training.TrainingContribution} turns them into the vector of one secure sum (standardisation
 * summands, local update, evaluation sums) or one individual update. {@link org.fedra.node.training.TrainingExecutor}
 * runs them in the node's task pipeline, which authorises the study first, sends secure-sum vectors only masked and
 * audits every release.
 */
package org.fedra.node.training;
