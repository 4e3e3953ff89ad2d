package org.fedra.learn.fl;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How the hub runs the rounds of a job, in the shape of Flower's {@code Strategy}: it configures each round's fit
 * (which nodes train, and what each receives: the global parameters and its local settings), aggregates the fit
 * results (the nodes' update vectors, summed by secure aggregation or one per node) into the next
 * {@link ServerState}, and configures and aggregates the evaluation of the new model. The round engine
 * ({@link FederatedTraining}) calls it; everything between rounds lives in the {@code ServerState} the caller
 * persists, so a strategy must not keep mutable state of its own, and every draw it makes except DP noise must come
 * from (job seed, round) for a resumed job to end with the model of an uninterrupted one.
 *
 * <p>The built-in strategies are {@link FedAvg}, {@link FedProx}, {@link FedAdam}, {@link FedYogi} (named in job
 * configurations, see {@link BuiltInStrategy}) and {@link DpFedAvg}, which wraps one of them. Another strategy plugs in
 * through {@link FederatedTraining#FederatedTraining(JobConfig, ModelArchitecture, List, Strategy)}.
 *
 * <p>A node's fit result is the vector {@link ClientUpdate#compute} builds: {@code [n * delta..., n]}, or
 * {@code [clip(delta) + noise..., 1]} when its instructions ask for DP clipping.
 */
public interface Strategy {
    /** The state before round 0, around the model family's seeded initial parameters. */
    ServerState initialState(double[] initialParameters);

    /**
     * Configure fit: the nodes that train in the state's next round and what each of them receives.
     *
     * @param nodes the job's nodes, sorted
     * @param model the model architecture the instructions carry
     */
    RoundPlan configureFit(ServerState state, List<String> nodes, ModelArchitecture model);

    /**
     * Aggregate fit: the next state from the round's results. The engine has checked that the contributors were
     * planned, contributed once and sent vectors of the model's length.
     *
     * @param noise the hub's noise source for DP (a SecureRandom in production); unused by strategies without DP
     * @throws IllegalStateException if the strategy cannot use results of this kind (e.g. a sum for a robust rule)
     * @throws IllegalArgumentException if the results do not allow a step (e.g. no examples)
     */
    RoundResult aggregateFit(ServerState state, RoundPlan plan, FitResults results, RandomGenerator noise);

    /** Configure evaluate: the nodes that evaluate the model of {@code state}; by default every node. */
    default List<String> configureEvaluate(ServerState state, List<String> nodes) {
        return nodes;
    }

    /** Aggregate evaluate: the metrics of the pooled evaluation sums, as the model's metric layout reads them. */
    default PooledMetrics aggregateEvaluate(ServerState state, double[] pooledSums, MetricLayout layout) {
        return layout.summarise(pooledSums);
    }

    /** Why the job must stop before the state's next round (e.g. a spent privacy budget), or null. */
    default String stopReason(ServerState state) {
        return null;
    }

    /** The privacy accounting after the state's rounds, or null for a strategy without differential privacy. */
    default PrivacyLedger ledger(ServerState state) {
        return null;
    }
}
