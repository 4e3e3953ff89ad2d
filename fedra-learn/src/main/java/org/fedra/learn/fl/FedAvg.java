package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Federated averaging (McMahan et al. 2017): each round samples {@code clientsPerRound} nodes uniformly (from the job
 * seed and the round), each trains from the global parameters, and the server steps by
 * {@code serverLearningRate * meanDelta}. The mean is example-weighted when the updates are summed; with individual
 * updates the job's {@link RobustRule} combines them with equal weights. The adaptive strategies ({@link FedAdam},
 * {@link FedYogi}) and {@link FedProx} differ only in {@link #applyUpdate} and {@link #localTraining}.
 */
public class FedAvg implements Strategy {
    private final int perRound;
    private final long seed;
    private final TrainingConfig local;
    private final double serverLearningRate;
    private final RobustRule robustRule;

    /**
     * @param nodeCount the job's number of nodes
     * @throws JobConfigException naming the field if the configuration cannot run on that many nodes
     */
    public FedAvg(JobConfig config, int nodeCount) {
        config.validate();
        if (config.clientsPerRound() > nodeCount) {
            throw new JobConfigException("clientsPerRound", config.clientsPerRound() + " nodes per round but the job"
                    + " has only " + nodeCount + " nodes");
        }
        this.perRound = config.participantsPerRound(nodeCount);
        config.robustRule().checkFits(perRound);
        this.seed = config.seed();
        this.local = new TrainingConfig(config.localEpochs(), config.batchSize(), config.learningRate(), proximalWeight(config));
        this.serverLearningRate = config.serverLearningRate();
        this.robustRule = config.robustRule();
    }

    /** The FedProx proximal weight the nodes train with: none for FedAvg. */
    protected double proximalWeight(JobConfig config) {
        return 0;
    }

    /** The local training settings every node of a round receives. */
    public TrainingConfig localTraining() {
        return local;
    }

    /** Nodes per round. */
    public int participantsPerRound() {
        return perRound;
    }

    @Override
    public ServerState initialState(double[] initialParameters) {
        int p = initialParameters.length;
        return new ServerState(0, initialParameters.clone(), new double[p], new double[p]);
    }

    @Override
    public RoundPlan configureFit(ServerState state, List<String> nodes, ModelArchitecture model) {
        int round = state.round();
        List<String> participants = ClientSampler.sample(nodes, perRound, seed, round);
        List<NodeInstructions> instructions = new ArrayList<>();
        for (String node : participants) {
            instructions.add(new NodeInstructions(round, node, model, state.parameters(), local,
                    Seeds.derive(seed, round, "node:" + node), 0, 0));
        }
        return new RoundPlan(round, participants, instructions);
    }

    @Override
    public RoundResult aggregateFit(ServerState state, RoundPlan plan, FitResults results, RandomGenerator noise) {
        return new RoundResult(applyUpdate(state, meanDelta(plan, results)), results.contributors(), Double.NaN,
                Double.NaN);
    }

    /** The round's aggregated delta: the example-weighted mean, or the robust rule's combination of the updates. */
    protected double[] meanDelta(RoundPlan plan, FitResults results) {
        if (!robustRule.robust()) {
            double[] sum = results.sum();
            int p = sum.length - 1;
            double weight = sum[p];
            if (!(weight > 0)) {
                throw new IllegalArgumentException("round " + plan.round() + ": contributors hold no examples");
            }
            double[] mean = Arrays.copyOf(sum, p);
            for (int k = 0; k < p; k++) {
                mean[k] = sum[k] / weight;
            }
            return mean;
        }
        if (!results.individual()) {
            throw new IllegalStateException("robust rule " + robustRule.name()
                    + " needs individual updates; use aggregateIndividual");
        }
        return robustRule.aggregate(results.deltas());
    }

    /**
     * The server step: the next state (round + 1) after the round's aggregated delta. FedAvg moves the parameters by
     * {@code serverLearningRate * meanDelta}.
     *
     * @throws IllegalArgumentException if the delta does not have the model's length
     */
    public ServerState applyUpdate(ServerState state, double[] meanDelta) {
        double[] w = state.parameters().clone();
        checkLength(w, meanDelta);
        for (int k = 0; k < w.length; k++) {
            w[k] += serverLearningRate * meanDelta[k];
        }
        return new ServerState(state.round() + 1, w, state.firstMoment().clone(), state.secondMoment().clone());
    }

    /** The server step size. */
    protected double serverLearningRate() {
        return serverLearningRate;
    }

    static void checkLength(double[] parameters, double[] meanDelta) {
        if (meanDelta.length != parameters.length) {
            throw new IllegalArgumentException("mean delta has " + meanDelta.length + " entries, model has "
                    + parameters.length);
        }
    }
}
