package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The round engine of one training job: plans each round (which nodes, what to send them) and turns their
 * vectors, summed or individual, into the next {@link ServerState}. It holds no mutable state: everything
 * between rounds is in the {@code ServerState} the caller persists, and all randomness except DP noise is
 * derived from (job seed, round), so a job resumed from a saved state ends with the same model as an
 * uninterrupted one. The same class drives the in-memory simulation ({@link InMemoryFederation}) and the hub.
 */
public final class FederatedTraining {
    private final JobConfig config;
    private final ModelSpec spec;
    private final List<String> nodes;
    private final ServerOptimizer optimizer;
    private final RobustRule robustRule;
    private final int perRound;

    /**
     * @param config the job's configuration
     * @param spec the model architecture
     * @param nodes the federation's node ids for this job (fixed for the job)
     * @throws JobConfigException naming the field if the configuration cannot run on these nodes, including a
     *         privacy budget too small (exhausted) for even one round
     */
    public FederatedTraining(JobConfig config, ModelSpec spec, List<String> nodes) {
        config.validate();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a training job needs at least one node");
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("node ids must be distinct: " + nodes);
        }
        if (config.clientsPerRound() > nodes.size()) {
            throw new JobConfigException("clientsPerRound", config.clientsPerRound() + " nodes per round but the job"
                    + " has only " + nodes.size() + " nodes");
        }
        this.config = config;
        this.spec = spec;
        List<String> sorted = new ArrayList<>(nodes);
        sorted.sort(null);
        this.nodes = List.copyOf(sorted);
        this.perRound = config.participantsPerRound(nodes.size());
        if (perRound < config.robustRule().minimumUpdates()) {
            throw new JobConfigException("robustRule.byzantine", config.robustRule().name() + " tolerating "
                    + config.robustRule().byzantine() + " faulty nodes needs at least "
                    + config.robustRule().minimumUpdates() + " updates per round, the job has " + perRound);
        }
        if (config.robustRule().name().equals("multi-krum") && config.robustRule().select() > perRound) {
            throw new JobConfigException("robustRule.select", "cannot select " + config.robustRule().select()
                    + " of " + perRound + " updates per round");
        }
        this.optimizer = new ServerOptimizer(config);
        this.robustRule = RobustRule.of(config.robustRule());
        if (config.dp() != null) {
            PrivacyLedger ledger = ledger(0);
            if (!ledger.canRunNextRound()) {
                PrivacyLedger one = new PrivacyLedger(samplingRate(), config.dp().noiseMultiplier(),
                        config.dp().delta(), Double.MAX_VALUE, 0);
                double cost = one.chargeRound().epsilon();
                throw new JobConfigException("dp.epsilonBudget", String.format("budget epsilon=%s is exhausted"
                        + " before the first round: one round (noiseMultiplier %s, sampling rate %s) already costs"
                        + " epsilon=%.4f at delta=%s", config.dp().epsilonBudget(), config.dp().noiseMultiplier(),
                        samplingRate(), cost, config.dp().delta()));
            }
        }
    }

    public JobConfig config() {
        return config;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The job's nodes, sorted. */
    public List<String> nodes() {
        return nodes;
    }

    /** The DP accountant's node sampling rate: nodes per round / nodes. */
    public double samplingRate() {
        return (double) perRound / nodes.size();
    }

    /** The state before round 0: parameters initialised from the job seed. */
    public ServerState initialState() {
        return optimizer.initial(spec.initialParameters(Seeds.derive(config.seed(), 0, "init")));
    }

    /** The privacy ledger after {@code state.round()} rounds, or null for a job without DP. */
    public PrivacyLedger ledger(ServerState state) {
        return ledger(state.round());
    }

    private PrivacyLedger ledger(int rounds) {
        return config.dp() == null ? null : PrivacyLedger.of(config.dp(), samplingRate(), rounds);
    }

    /** Epsilon spent after the state's rounds (NaN without DP). */
    public double epsilon(ServerState state) {
        return config.dp() == null ? Double.NaN : ledger(state).epsilon();
    }

    /** Whether the job is over: all rounds run, or (DP) the next round would exceed the budget. */
    public boolean isFinished(ServerState state) {
        return stopReason(state) != null;
    }

    /** Why the job is over, or null if it is not. */
    public String stopReason(ServerState state) {
        if (state.round() >= config.rounds()) {
            return "completed " + config.rounds() + " rounds";
        }
        if (config.dp() != null && !ledger(state).canRunNextRound()) {
            return String.format("stopped after %d rounds: another round would exceed the privacy budget epsilon=%s"
                    + " (spent epsilon=%.4f at delta=%s)", state.round(), config.dp().epsilonBudget(),
                    epsilon(state), config.dp().delta());
        }
        return null;
    }

    /**
     * The next round: sampled nodes and their instructions.
     *
     * @throws IllegalStateException if the job is finished
     */
    public RoundPlan plan(ServerState state) {
        String stop = stopReason(state);
        if (stop != null) {
            throw new IllegalStateException("job is finished: " + stop);
        }
        int round = state.round();
        List<String> participants = ClientSampler.sample(nodes, perRound, config.seed(), round);
        List<NodeInstructions> instructions = new ArrayList<>();
        DpConfig dp = config.dp();
        double clip = dp == null ? 0 : dp.clipNorm();
        double nodeNoise = dp != null && dp.distributed() ? DpFedAvg.nodeNoiseStd(dp, participants.size()) : 0;
        for (String node : participants) {
            instructions.add(new NodeInstructions(round, node, spec, state.parameters(), config.training(),
                    Seeds.derive(config.seed(), round, "node:" + node), clip, nodeNoise));
        }
        return new RoundPlan(round, participants, instructions);
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
        if (config.robustRule().robust()) {
            throw new IllegalStateException("robust rule " + config.robustRule().name()
                    + " needs individual updates; use aggregateIndividual");
        }
        checkRound(state, plan, contributors);
        int p = spec.parameterCount();
        if (summedVectors.length != p + 1) {
            throw new IllegalArgumentException("summed update has " + summedVectors.length + " entries, expected "
                    + (p + 1));
        }
        double[] mean = new double[p];
        DpConfig dp = config.dp();
        if (dp == null) {
            double weight = summedVectors[p];
            if (!(weight > 0)) {
                throw new IllegalArgumentException("round " + plan.round() + ": contributors hold no examples");
            }
            for (int k = 0; k < p; k++) {
                mean[k] = summedVectors[k] / weight;
            }
            return new RoundResult(optimizer.step(state, mean), List.copyOf(contributors), Double.NaN, Double.NaN);
        }
        int planned = plan.participants().size();
        double sumStd = DpFedAvg.sumNoiseStd(dp);
        double hubVariance = dp.distributed()
                ? sumStd * sumStd * (planned - contributors.size()) / planned
                : sumStd * sumStd;
        System.arraycopy(summedVectors, 0, mean, 0, p);
        if (hubVariance > 0) {
            if (noise == null) {
                throw new IllegalArgumentException("round " + plan.round() + " needs the hub's noise generator:"
                        + " DP with " + dp.noise() + " noise and " + contributors.size() + " of " + planned
                        + " planned nodes");
            }
            DpFedAvg.addGaussian(mean, Math.sqrt(hubVariance), noise);
        }
        for (int k = 0; k < p; k++) {
            mean[k] /= planned; // a fixed, public denominator: dividing by the true count would leak it
        }
        PrivacyLedger ledger = ledger(state);
        double epsilon = ledger.chargeRound().epsilon();
        return new RoundResult(optimizer.step(state, mean), List.copyOf(contributors), epsilon, dp.delta());
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
        if (!config.robustRule().robust()) {
            double[] sum = new double[p + 1];
            for (String node : contributors) {
                double[] v = vectors.get(node);
                for (int k = 0; k <= p; k++) {
                    sum[k] += v[k];
                }
            }
            return aggregateSum(state, plan, sum, contributors, noise);
        }
        checkRound(state, plan, contributors);
        List<double[]> deltas = new ArrayList<>();
        for (String node : contributors) {
            double[] v = vectors.get(node);
            if (!(v[p] > 0)) {
                throw new IllegalArgumentException("update of node " + node + " has weight " + v[p]);
            }
            double[] d = new double[p];
            for (int k = 0; k < p; k++) {
                d[k] = v[k] / v[p];
            }
            deltas.add(d);
        }
        double[] mean = robustRule.aggregate(deltas);
        return new RoundResult(optimizer.step(state, mean), List.copyOf(contributors), Double.NaN, Double.NaN);
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
