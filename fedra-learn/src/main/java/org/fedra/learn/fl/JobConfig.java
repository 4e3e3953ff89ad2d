package org.fedra.learn.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A federated training job's configuration. Build it with {@link #fromMap(Map)} from the job's JSON (for
 * example Jackson's {@code convertValue(node, Map.class)}); field names are those of the record components,
 * with {@code robustRule} either a name or an object ({@code name, trimFraction, byzantine, select}) and
 * {@code dp} an object ({@code clipNorm, noiseMultiplier, noise, delta, epsilonBudget}) or absent.
 * {@link #validate()} refuses anything that cannot run or asks for more work than {@link JobLimits} allows, naming
 * the field and the bound, before any round starts; the strategy ({@link BuiltInStrategy#of}) also checks what
 * depends on the number of nodes.
 *
 * @param strategy server strategy
 * @param robustRule how individual updates are combined (a robust rule needs {@code secureAggregation = false})
 * @param secureAggregation whether nodes' vectors are only ever seen summed (default true)
 * @param rounds maximum number of rounds, 1 to {@value JobLimits#MAX_ROUNDS}
 * @param clientsPerRound nodes sampled per round; 0 means every node
 * @param localEpochs local passes per round
 * @param batchSize local mini-batch size
 * @param learningRate local SGD step size
 * @param mu FedProx proximal weight (only used, and required {@code > 0}, with fedprox)
 * @param serverLearningRate server step size (default 1 for fedavg/fedprox, 0.1 for fedadam/fedyogi)
 * @param beta1 adaptive first-moment decay (default 0.9)
 * @param beta2 adaptive second-moment decay (default 0.99)
 * @param tau adaptive regulariser (default 1e-3)
 * @param dp DP-FedAvg settings, or null for none
 * @param seed seed of all job randomness except DP noise (initial model, sampling, local shuffling)
 */
public record JobConfig(BuiltInStrategy strategy, RobustRule robustRule, boolean secureAggregation, int rounds,
        int clientsPerRound, int localEpochs, int batchSize, double learningRate, double mu,
        double serverLearningRate, double beta1, double beta2, double tau, DpConfig dp, long seed) {

    private static final Set<String> FIELDS = Set.of("strategy", "robustRule", "secureAggregation", "rounds",
            "clientsPerRound", "localEpochs", "batchSize", "learningRate", "mu", "serverLearningRate", "beta1",
            "beta2", "tau", "dp", "seed");
    private static final Set<String> DP_FIELDS = Set.of("clipNorm", "noiseMultiplier", "noise", "delta",
            "epsilonBudget");

    /**
     * Reads and validates a configuration; absent fields take their defaults (fedavg, no robust rule, secure
     * aggregation on, 20 rounds, every node, 1 epoch, batch 32, learning rate 0.1, seed 0).
     *
     * @throws JobConfigException naming the field that is unknown, of the wrong type or out of range
     */
    public static JobConfig fromMap(Map<String, ?> map) {
        JsonFields f = JsonFields.config(map, FIELDS, "");
        BuiltInStrategy strategy = BuiltInStrategy.parse(f.string("strategy", "fedavg"));
        RobustRule robust = RobustRule.fromMap(f.raw("robustRule"));
        DpConfig dp = null;
        Object d = f.raw("dp");
        if (d instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            JsonFields p = JsonFields.config((Map<String, ?>) m, DP_FIELDS, "dp.");
            dp = new DpConfig(p.number("clipNorm", 1.0), p.required("noiseMultiplier"), p.string("noise", "central"),
                    p.number("delta", 1e-5), p.required("epsilonBudget"));
        } else if (d != null) {
            throw new JobConfigException("dp", "must be an object, was " + d);
        }
        JobConfig config = new JobConfig(strategy, robust, f.bool("secureAggregation", true),
                f.integer("rounds", 20), f.integer("clientsPerRound", 0), f.integer("localEpochs", 1),
                f.integer("batchSize", 32), f.number("learningRate", 0.1),
                f.number("mu", strategy == BuiltInStrategy.FEDPROX ? 0.01 : 0.0),
                f.number("serverLearningRate", strategy.defaultServerLearningRate()), f.number("beta1", 0.9),
                f.number("beta2", 0.99), f.number("tau", 1e-3), dp, f.whole("seed", 0));
        config.validate();
        return config;
    }

    /**
     * Checks every field against its range and bound, and the combinations that cannot work.
     *
     * @throws JobConfigException naming the field
     */
    public void validate() {
        if (strategy == null) {
            throw new JobConfigException("strategy", "is required");
        }
        if (robustRule == null) {
            throw new JobConfigException("robustRule", "is required (use RobustRule.none())");
        }
        if (robustRule.robust() && secureAggregation) {
            throw new JobConfigException("robustRule", "robust rule '" + robustRule.name()
                    + "' needs every node's update on its own, but secure aggregation only reveals their sum;"
                    + " set secureAggregation to false to use a robust rule, or use robustRule 'none'");
        }
        JobLimits.whole("rounds", rounds, 1, JobLimits.MAX_ROUNDS);
        if (clientsPerRound < 0) {
            throw new JobConfigException("clientsPerRound", "must be >= 0 (0 = every node), was " + clientsPerRound);
        }
        JobLimits.whole("clientsPerRound", clientsPerRound, 0, JobLimits.MAX_CLIENTS_PER_ROUND);
        JobLimits.whole("localEpochs", localEpochs, 1, JobLimits.MAX_LOCAL_EPOCHS);
        JobLimits.whole("batchSize", batchSize, 1, JobLimits.MAX_BATCH_SIZE);
        JobLimits.positive("learningRate", learningRate, JobLimits.MAX_LEARNING_RATE);
        JobLimits.nonNegative("mu", mu, JobLimits.MAX_MU);
        if (strategy == BuiltInStrategy.FEDPROX && mu == 0) {
            throw new JobConfigException("mu", "fedprox needs a proximal weight mu > 0 (mu = 0 is fedavg)");
        }
        JobLimits.positive("serverLearningRate", serverLearningRate, JobLimits.MAX_SERVER_LEARNING_RATE);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new JobConfigException("beta1", "must lie in [0, 1), was " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new JobConfigException("beta2", "must lie in [0, 1), was " + beta2);
        }
        JobLimits.positive("tau", tau, JobLimits.MAX_TAU);
        if (dp != null) {
            dp.validate();
            if (robustRule.robust()) {
                throw new JobConfigException("robustRule", "DP-FedAvg adds noise to the sum of clipped updates;"
                        + " it is not combined with robust rule '" + robustRule.name() + "'");
            }
        }
    }

    /** Nodes per round out of {@code nodeCount}. */
    public int participantsPerRound(int nodeCount) {
        return clientsPerRound == 0 ? nodeCount : Math.min(clientsPerRound, nodeCount);
    }

    /** The configuration as a map {@link #fromMap(Map)} reads back (JSON-friendly). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", strategy.configName());
        m.put("robustRule", new LinkedHashMap<>(robustRule.toMap()));
        m.put("secureAggregation", secureAggregation);
        m.put("rounds", rounds);
        m.put("clientsPerRound", clientsPerRound);
        m.put("localEpochs", localEpochs);
        m.put("batchSize", batchSize);
        m.put("learningRate", learningRate);
        m.put("mu", mu);
        m.put("serverLearningRate", serverLearningRate);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("tau", tau);
        if (dp != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("clipNorm", dp.clipNorm());
            p.put("noiseMultiplier", dp.noiseMultiplier());
            p.put("noise", dp.noise());
            p.put("delta", dp.delta());
            p.put("epsilonBudget", dp.epsilonBudget());
            m.put("dp", p);
        }
        m.put("seed", seed);
        return m;
    }
}
