package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs a {@link FederatedTraining} job over datasets held in memory, one per node, exactly as the hub and the
 * nodes would (plan, {@link ClientUpdate#compute} per node, sum or individual aggregation). For tests, demos
 * and benchmarks: its DP noise is SEEDED from the job seed so runs are reproducible, which a real deployment
 * must never do.
 */
public final class InMemoryFederation {
    /** Replaces a node's vector before aggregation, to simulate faulty or malicious (Byzantine) nodes. */
    @FunctionalInterface
    public interface Tampering {
        double[] apply(String nodeId, int round, double[] vector);
    }

    private final FederatedTraining training;
    private final Map<String, Object> sites;
    private final Trainer<?, Object> trainer;
    private final Tampering tampering;

    /** @param <D> the model family's local data */
    public <D> InMemoryFederation(FederatedTraining training, Map<String, D> sites, Trainer<?, D> trainer) {
        this(training, sites, trainer, (node, round, v) -> v);
    }

    /** @param <D> the model family's local data */
    @SuppressWarnings("unchecked") // the trainer is only ever given the sites' data, which is of its type D
    public <D> InMemoryFederation(FederatedTraining training, Map<String, D> sites, Trainer<?, D> trainer,
            Tampering tampering) {
        for (String node : training.nodes()) {
            if (!sites.containsKey(node)) {
                throw new IllegalArgumentException("no data for node " + node);
            }
        }
        this.training = training;
        this.sites = new LinkedHashMap<>(sites);
        this.trainer = (Trainer<?, Object>) trainer;
        this.tampering = tampering;
    }

    /** Runs from the initial state until the job is finished. */
    public ServerState run(Consumer<RoundResult> afterEachRound) {
        return run(training.initialState(), Integer.MAX_VALUE, afterEachRound);
    }

    /** Runs at most {@code maxRounds} rounds from {@code state}, or until the job is finished. */
    public ServerState run(ServerState state, int maxRounds, Consumer<RoundResult> afterEachRound) {
        long seed = training.config().seed();
        for (int i = 0; i < maxRounds && !training.isFinished(state); i++) {
            RoundPlan plan = training.plan(state);
            Map<String, double[]> vectors = new LinkedHashMap<>();
            for (NodeInstructions instr : plan.instructions()) {
                SplittableRandom nodeNoise = new SplittableRandom(
                        Seeds.derive(seed, plan.round(), "simulated-noise:" + instr.nodeId()));
                double[] v = ClientUpdate.compute(instr, sites.get(instr.nodeId()), trainer, nodeNoise);
                vectors.put(instr.nodeId(), tampering.apply(instr.nodeId(), plan.round(), v));
            }
            SplittableRandom hubNoise = new SplittableRandom(Seeds.derive(seed, plan.round(), "simulated-noise:hub"));
            RoundResult result;
            if (training.config().secureAggregation()) {
                double[] sum = new double[training.spec().parameterCount() + 1];
                for (double[] v : vectors.values()) {
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += v[k];
                    }
                }
                result = training.aggregateSum(state, plan, sum, new ArrayList<>(vectors.keySet()), hubNoise);
            } else {
                result = training.aggregateIndividual(state, plan, vectors, hubNoise);
            }
            afterEachRound.accept(result);
            state = result.state();
        }
        return state;
    }

    /** The nodes' datasets, in the order given. */
    public List<String> nodes() {
        return List.copyOf(sites.keySet());
    }
}
