/**
 * Federated training jobs of studies and the model registry.
 *
 * <p>{@link org.fedra.hub.training.TrainingJobs} validates a {@link org.fedra.hub.training.TrainingJobRequest}
 * against the study's accepted nodes (the library's {@link org.fedra.learn.fl.FederatedTraining} refuses what
 * cannot run, naming the field) and runs each job in a {@code TrainingRunner}: one secure sum of standardisation
 * summands, then per round a secure sum of the sampled nodes' updates and one of every node's evaluation sums. The
 * round, the library's {@link org.fedra.learn.fl.ServerState}, metrics, epsilon and contributors are stored in one
 * guarded transaction, so a resumed job (after a hub restart) continues at the round it was in and never counts a
 * round twice; all randomness except DP noise derives from (job seed, round, node), so it ends with the model an
 * uninterrupted run would have produced. Finished models go to the {@link org.fedra.hub.training.ModelRegistry}.
 * Round metrics and models are recorded as study releases before the API can return them.
 */
package org.fedra.hub.training;
