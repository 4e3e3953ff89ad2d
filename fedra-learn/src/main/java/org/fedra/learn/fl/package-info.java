/**
 * Iterative federated learning: models, local trainers, server strategies, robust rules, DP-FedAvg and
 * federated evaluation. Pure computation, no I/O: the hub and the nodes move the vectors defined here.
 *
 * <p>How the fabric uses it, one job:
 * <pre>
 *  hub:  FederatedTraining training = new FederatedTraining(JobConfig.fromMap(map), spec, nodeIds); // refuses bad config
 *        ServerState state = training.initialState();
 *        while (!training.isFinished(state)) {
 *            RoundPlan plan = training.plan(state);                 // sampled nodes + one NodeInstructions each
 *  node:     double[] v = ClientUpdate.compute(instructions, localStandardisedData, new TabularTrainer(), new SecureRandom());
 *  hub:      RoundResult r = config.secureAggregation()
 *                    ? training.aggregateSum(state, plan, secureSumOfVectors, contributorIds, new SecureRandom())
 *                    : training.aggregateIndividual(state, plan, vectorByNodeId, new SecureRandom());
 *            state = r.state();                                      // persist it (r.epsilon(): DP spent so far)
 *        }
 *        training.stopReason(state)                                  // all rounds done, or the privacy budget
 * </pre>
 * Standardisation and evaluation use the same pattern: a node sends a summable vector
 * ({@link org.fedra.learn.fl.Standardisation#summands}, {@link org.fedra.learn.fl.EvaluationSums#toVector}),
 * the hub adds them and turns the sum into a result ({@link org.fedra.learn.fl.Standardisation#fromPooledSums},
 * {@link org.fedra.learn.fl.Metrics#fromSums}).
 */
package org.fedra.learn.fl;
