/**
 * Iterative federated learning: the round engine, Flower-shaped strategies, robust rules, DP-FedAvg, and models as
 * families behind one interface. Pure computation, no I/O: the hub and the nodes move the vectors defined here.
 *
 * <p><b>Models.</b> A {@link org.fedra.learn.fl.ModelFamily} (registered in {@link org.fedra.learn.fl.ModelFamilies})
 * reads its {@link org.fedra.learn.fl.ModelArchitecture} from JSON, initialises its parameters from a seed, trains
 * ({@link org.fedra.learn.fl.Trainer}) and evaluates ({@link org.fedra.learn.fl.Evaluator}) on its own data type, and
 * describes its flat parameter vector ({@link org.fedra.learn.fl.ParameterLayout}: named, shaped tensors) and its
 * evaluation vector ({@link org.fedra.learn.fl.MetricLayout}). The {@link org.fedra.learn.fl.TabularFamily}
 * (logistic regression and MLPs on rows of features: {@link org.fedra.learn.fl.ModelSpec},
 * {@link org.fedra.learn.fl.TabularTrainer}) is the first member. Everything below sees only flat vectors, so secure
 * aggregation, strategies and robust rules work on any family.
 *
 * <p><b>Rounds.</b> A {@link org.fedra.learn.fl.Strategy} configures each round's fit and evaluation and aggregates their
 * results: {@link org.fedra.learn.fl.FedAvg}, {@link org.fedra.learn.fl.FedProx}, {@link org.fedra.learn.fl.FedAdam},
 * {@link org.fedra.learn.fl.FedYogi}, and {@link org.fedra.learn.fl.DpFedAvg} around one of them; robust rules are typed
 * {@link org.fedra.learn.fl.RobustRule} values. One job, as the fabric runs it:
 * <pre>
 *  hub:  FederatedTraining training = new FederatedTraining(JobConfig.fromMap(map), architecture, nodeIds); // refuses bad config
 *        ServerState state = training.initialState();
 *        while (!training.isFinished(state)) {
 *            RoundPlan plan = training.plan(state);                 // configure fit: sampled nodes + NodeInstructions each
 *  node:     double[] v = ClientUpdate.compute(instructions, localStandardisedData, family.trainer(), new SecureRandom(), stop);
 *  hub:      RoundResult r = config.secureAggregation()
 *                    ? training.aggregateSum(state, plan, secureSumOfVectors, contributorIds, new SecureRandom())
 *                    : training.aggregateIndividual(state, plan, vectorByNodeId, new SecureRandom());   // aggregate fit
 *            state = r.state();                                      // persist it (r.epsilon(): DP spent so far)
 *  node:     double[] e = family.evaluator().evaluate(architecture, state.parameters(), localHeldOutData);
 *  hub:      PooledMetrics m = training.evaluate(state, secureSumOfEvaluations);   // over training.evaluationNodes(state)
 *        }
 *        training.stopReason(state)                                  // all rounds done, or the privacy budget
 * </pre>
 * Standardisation uses the same pattern: a node sends a summable vector
 * ({@link org.fedra.learn.fl.ModelFamily#standardisationSummands}), the hub adds them and turns the sum into a result
 * ({@link org.fedra.learn.fl.Standardisation#fromPooledSums}). {@link org.fedra.learn.fl.JobLimits} bounds every
 * number a job may ask for, and a {@link org.fedra.learn.fl.TrainingControl} stops local training between batches.
 */
package org.fedra.learn.fl;
