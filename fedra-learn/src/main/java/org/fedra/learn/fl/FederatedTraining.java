package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The round engine of one training job: asks its {@link Strategy} for each round's plan (which nodes, what to send
 * them), checks the nodes' vectors against the plan and the model, and hands them, summed or individual, to the
 * strategy for the next {@link ServerState}. It holds no mutable state: everything between rounds is in the
 * {@code ServerState} the caller persists, and all randomness except DP noise is derived from (job seed, round), so a
 * job resumed from a saved state ends with the same model as an uninterrupted one. The same class drives the
 * in-memory simulation ({@link InMemoryFederation}) and the hub, for every {@link ModelFamily}: it sees a model only
 * as a flat vector of {@link ModelArchitecture#parameterCount()} doubles.
 */
public final class FederatedTraining {
    private final JobConfig config;
    private final ModelArchitecture spec;
    private final List<String> nodes;
    private final Strategy strategy;

    /**
     * A job run by the built-in strategy its configuration names ({@link BuiltInStrategy#of}).
     *
     * @param config the job's configuration
     * @param spec the model architecture
     * @param nodes the federation's node ids for this job (fixed for the job)
     * @throws JobConfigException naming the field if the configuration cannot run on these nodes, including a
     *         privacy budget too small (exhausted) for even one round
     */
    public FederatedTraining(JobConfig config, ModelArchitecture spec, List<String> nodes) {
        this(config, spec, nodes, null);
    }

    /**
     * A job run by {@code strategy}; the configuration still gives the number of rounds, the seed and whether updates
     * are securely summed, and its own strategy, robust rule and DP settings are ignored.
     *
     * @param strategy the strategy, or null for the one the configuration names
     */
    public FederatedTraining(JobConfig config, ModelArchitecture spec, List<String> nodes, Strategy strategy) {
        config.validate();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a training job needs at least one node");
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("node ids must be distinct: " + nodes);
        }
        this.config = config;
        this.spec = spec;
        List<String> sorted = new ArrayList<>(nodes);
        sorted.sort(null);
        this.nodes = List.copyOf(sorted);
        this.strategy = strategy != null ? strategy : BuiltInStrategy.of(config, nodes.size());
    }

    public JobConfig config() {
        return config;
    }

    /** The model architecture. */
    public ModelArchitecture spec() {
        return spec;
    }

    /** The job's strategy. */
    public Strategy strategy() {
        return strategy;
    }

    /** The job's nodes, sorted. */
    public List<String> nodes() {
        return nodes;
    }

    /** The DP accountant's node sampling rate: nodes per round / nodes. */
    public double samplingRate() {
        return (double) config.participantsPerRound(nodes.size()) / nodes.size();
    }

    /** The state before round 0: the family's parameters initialised from the job seed. */
    public ServerState initialState() {
        return strategy.initialState(spec.initialParameters(Seeds.derive(config.seed(), 0, "init")));
    }

    /** The privacy ledger after {@code state.round()} rounds, or null for a job without DP. */
    public PrivacyLedger ledger(ServerState state) {
        return strategy.ledger(state);
    }

    /** Epsilon spent after the state's rounds (NaN without DP). */
    public double epsilon(ServerState state) {
        PrivacyLedger ledger = ledger(state);
        return ledger == null ? Double.NaN : ledger.epsilon();
    }

    /** Whether the job is over: all rounds run, or the strategy stops it (DP: the next round would exceed the budget). */
    public boolean isFinished(ServerState state) {
        return stopReason(state) != null;
    }

    /** Why the job is over, or null if it is not. */
    public String stopReason(ServerState state) {
        if (state.round() >= config.rounds()) {
            return "completed " + config.rounds() + " rounds";
        }
        return strategy.stopReason(state);
    }

    /**
     * The next round: sampled nodes and their instructions (the strategy's configure fit).
     *
     * @throws IllegalStateException if the job is finished
     */
    public RoundPlan plan(ServerState state) {
        String stop = stopReason(state);
        if (stop != null) {
            throw new IllegalStateException("job is finished: " + stop);
        }
        return strategy.configureFit(state, nodes, spec);
    }

    /**
     * Completes a round from the SUM of the contributors' {@link ClientUpdate} vectors (what secure
     * aggregation reveals). Without DP the mean is example-weighted; with DP it is the noisy sum divided by the
     * planned number of nodes, and the hub adds the central noise (central DP) or the noise shares of planned
     * nodes that dropped out (distributed DP, so the sum keeps its full noise).
     *
     * @param contributors the planned nodes whose vectors are in the sum
     * @param noise the hub's noise source for DP (a SecureRandom in production); unused without DP
     * @throws IllegalStateException if the job uses a robust rule (it needs individual updates)
     * @throws IllegalArgumentException if the sum, the contributors or the round do not match the plan
     */
    public RoundResult aggregateSum(ServerState state, RoundPlan plan, double[] summedVectors,
            List<String> contributors, RandomGenerator noise) {
        checkRound(state, plan, contributors);
        int p = spec.parameterCount();
        if (summedVectors.length != p + 1) {
            throw new IllegalArgumentException("summed update has " + summedVectors.length + " entries, expected "
                    + (p + 1));
        }
        return strategy.aggregateFit(state, plan, new FitResults.Summed(summedVectors, contributors), noise);
    }

    /**
     * Completes a round from each contributor's own vector (secure aggregation off). With a robust rule the
     * nodes' deltas ({@code vector / weight}) are combined by it with equal weights; otherwise this is the same
     * as {@link #aggregateSum} of their sum.
     */
    public RoundResult aggregateIndividual(ServerState state, RoundPlan plan, Map<String, double[]> vectors,
            RandomGenerator noise) {
        List<String> contributors = new ArrayList<>(vectors.keySet());
        contributors.sort(null);
        int p = spec.parameterCount();
        for (String node : contributors) {
            if (vectors.get(node).length != p + 1) {
                throw new IllegalArgumentException("update of node " + node + " has " + vectors.get(node).length
                        + " entries, expected " + (p + 1));
            }
        }
        checkRound(state, plan, contributors);
        return strategy.aggregateFit(state, plan, new FitResults.Individual(vectors), noise);
    }

    /** The nodes that evaluate the model of {@code state} (the strategy's configure evaluate). */
    public List<String> evaluationNodes(ServerState state) {
        return strategy.configureEvaluate(state, nodes);
    }

    /**
     * The metrics of the SUM of the evaluating nodes' evaluation vectors (the strategy's aggregate evaluate).
     *
     * @throws IllegalArgumentException if the sum does not have the model's metric layout
     */
    public PooledMetrics evaluate(ServerState state, double[] summedEvaluations) {
        return strategy.aggregateEvaluate(state, summedEvaluations, spec.metricLayout());
    }

    private void checkRound(ServerState state, RoundPlan plan, List<String> contributors) {
        if (plan.round() != state.round()) {
            throw new IllegalArgumentException("plan is for round " + plan.round() + " but the state has completed "
                    + state.round() + " rounds");
        }
        if (contributors.isEmpty()) {
            throw new IllegalArgumentException("round " + plan.round() + " has no contributors");
        }
        Set<String> planned = new HashSet<>(plan.participants());
        Set<String> seen = new HashSet<>();
        for (String c : contributors) {
            if (!planned.contains(c)) {
                throw new IllegalArgumentException("node " + c + " was not sampled for round " + plan.round());
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("node " + c + " contributed twice to round " + plan.round());
            }
        }
    }
}
