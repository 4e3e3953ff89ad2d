package org.fedra.learn.fl;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A federated training job's configuration. Build it with {@link #fromMap(Map)} from the job's JSON (for
 * example Jackson's {@code convertValue(node, Map.class)}); field names are those of the record components,
 * with {@code robustRule} either a name or an object ({@code name, trimFraction, byzantine, select}) and
 * {@code dp} an object ({@code clipNorm, noiseMultiplier, noise, delta, epsilonBudget}) or absent.
 * {@link #validate()} refuses anything that cannot run, naming the field, before any round starts;
 * {@link FederatedTraining} also checks what depends on the number of nodes.
 *
 * @param strategy server strategy
 * @param robustRule robust aggregation rule (needs {@code secureAggregation = false})
 * @param secureAggregation whether nodes' vectors are only ever seen summed (default true)
 * @param rounds maximum number of rounds, {@code >= 1}
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
public record JobConfig(Strategy strategy, RobustRuleConfig robustRule, boolean secureAggregation, int rounds,
        int clientsPerRound, int localEpochs, int batchSize, double learningRate, double mu,
        double serverLearningRate, double beta1, double beta2, double tau, DpConfig dp, long seed) {

    private static final Set<String> FIELDS = Set.of("strategy", "robustRule", "secureAggregation", "rounds",
            "clientsPerRound", "localEpochs", "batchSize", "learningRate", "mu", "serverLearningRate", "beta1",
            "beta2", "tau", "dp", "seed");
    private static final Set<String> ROBUST_FIELDS = Set.of("name", "trimFraction", "byzantine", "select");
    private static final Set<String> DP_FIELDS = Set.of("clipNorm", "noiseMultiplier", "noise", "delta",
            "epsilonBudget");

    /**
     * Reads and validates a configuration; absent fields take their defaults (fedavg, no robust rule, secure
     * aggregation on, 20 rounds, every node, 1 epoch, batch 32, learning rate 0.1, seed 0).
     *
     * @throws JobConfigException naming the field that is unknown, of the wrong type or out of range
     */
    public static JobConfig fromMap(Map<String, ?> map) {
        Fields f = new Fields(map, FIELDS, "");
        Strategy strategy = Strategy.parse(f.string("strategy", "fedavg"));
        RobustRuleConfig robust;
        Object rr = map.get("robustRule");
        if (rr == null) {
            robust = RobustRuleConfig.none();
        } else if (rr instanceof String name) {
            robust = new RobustRuleConfig(name, 0.2, 1, 2);
        } else if (rr instanceof Map<?, ?> m) {
            Fields r = new Fields(cast(m), ROBUST_FIELDS, "robustRule.");
            robust = new RobustRuleConfig(r.string("name", "none"), r.number("trimFraction", 0.2),
                    r.integer("byzantine", 1), r.integer("select", 2));
        } else {
            throw new JobConfigException("robustRule", "must be a rule name or an object, was " + rr);
        }
        DpConfig dp = null;
        Object d = map.get("dp");
        if (d instanceof Map<?, ?> m) {
            Fields p = new Fields(cast(m), DP_FIELDS, "dp.");
            dp = new DpConfig(p.number("clipNorm", 1.0), p.required("noiseMultiplier"), p.string("noise", "central"),
                    p.number("delta", 1e-5), p.required("epsilonBudget"));
        } else if (d != null) {
            throw new JobConfigException("dp", "must be an object, was " + d);
        }
        double defaultServerLr = strategy.adaptive() ? 0.1 : 1.0;
        JobConfig config = new JobConfig(strategy, robust, f.bool("secureAggregation", true),
                f.integer("rounds", 20), f.integer("clientsPerRound", 0), f.integer("localEpochs", 1),
                f.integer("batchSize", 32), f.number("learningRate", 0.1),
                f.number("mu", strategy == Strategy.FEDPROX ? 0.01 : 0.0),
                f.number("serverLearningRate", defaultServerLr), f.number("beta1", 0.9), f.number("beta2", 0.99),
                f.number("tau", 1e-3), dp, f.whole("seed", 0));
        config.validate();
        return config;
    }

    /**
     * Checks every field and the combinations that cannot work.
     *
     * @throws JobConfigException naming the field
     */
    public void validate() {
        if (strategy == null) {
            throw new JobConfigException("strategy", "is required");
        }
        if (robustRule == null) {
            throw new JobConfigException("robustRule", "is required (use RobustRuleConfig.none())");
        }
        robustRule.validate();
        if (robustRule.robust() && secureAggregation) {
            throw new JobConfigException("robustRule", "robust rule '" + robustRule.name()
                    + "' needs every node's update on its own, but secure aggregation only reveals their sum;"
                    + " set secureAggregation to false to use a robust rule, or use robustRule 'none'");
        }
        if (rounds < 1) {
            throw new JobConfigException("rounds", "must be >= 1, was " + rounds);
        }
        if (clientsPerRound < 0) {
            throw new JobConfigException("clientsPerRound", "must be >= 0 (0 = every node), was " + clientsPerRound);
        }
        if (localEpochs < 1) {
            throw new JobConfigException("localEpochs", "must be >= 1, was " + localEpochs);
        }
        if (batchSize < 1) {
            throw new JobConfigException("batchSize", "must be >= 1, was " + batchSize);
        }
        positive("learningRate", learningRate);
        if (!(mu >= 0) || Double.isInfinite(mu)) {
            throw new JobConfigException("mu", "must be >= 0 and finite, was " + mu);
        }
        if (strategy == Strategy.FEDPROX && mu == 0) {
            throw new JobConfigException("mu", "fedprox needs a proximal weight mu > 0 (mu = 0 is fedavg)");
        }
        positive("serverLearningRate", serverLearningRate);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new JobConfigException("beta1", "must lie in [0, 1), was " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new JobConfigException("beta2", "must lie in [0, 1), was " + beta2);
        }
        positive("tau", tau);
        if (dp != null) {
            dp.validate();
            if (robustRule.robust()) {
                throw new JobConfigException("robustRule", "DP-FedAvg adds noise to the sum of clipped updates;"
                        + " it is not combined with robust rule '" + robustRule.name() + "'");
            }
        }
    }

    /** The local training settings sent to every node. */
    public TrainingConfig training() {
        return new TrainingConfig(localEpochs, batchSize, learningRate, strategy == Strategy.FEDPROX ? mu : 0);
    }

    /** Nodes per round out of {@code nodeCount}. */
    public int participantsPerRound(int nodeCount) {
        return clientsPerRound == 0 ? nodeCount : Math.min(clientsPerRound, nodeCount);
    }

    /** The configuration as a map {@link #fromMap(Map)} reads back (JSON-friendly). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", strategy.configName());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", robustRule.name());
        r.put("trimFraction", robustRule.trimFraction());
        r.put("byzantine", robustRule.byzantine());
        r.put("select", robustRule.select());
        m.put("robustRule", r);
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

    private static void positive(String field, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new JobConfigException(field, "must be positive and finite, was " + v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) {
        return (Map<String, ?>) m;
    }

    /** Typed reads from a JSON-like map; every error names the dotted field. */
    private static final class Fields {
        private final Map<String, ?> map;
        private final String prefix;

        Fields(Map<String, ?> map, Set<String> known, String prefix) {
            if (map == null) {
                throw new JobConfigException(prefix.isEmpty() ? "config" : prefix, "is missing");
            }
            this.map = new HashMap<>(map);
            this.prefix = prefix;
            for (Object key : map.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    throw new JobConfigException(prefix + key, "unknown field; known: "
                            + String.join(", ", new java.util.TreeSet<>(known)));
                }
            }
        }

        String string(String key, String def) {
            Object v = map.get(key);
            if (v == null) {
                return def;
            }
            if (!(v instanceof String s)) {
                throw new JobConfigException(prefix + key, "must be a string, was " + v);
            }
            return s;
        }

        double number(String key, double def) {
            Object v = map.get(key);
            if (v == null) {
                return def;
            }
            if (!(v instanceof Number n)) {
                throw new JobConfigException(prefix + key, "must be a number, was " + v);
            }
            return n.doubleValue();
        }

        double required(String key) {
            if (map.get(key) == null) {
                throw new JobConfigException(prefix + key, "is required");
            }
            return number(key, 0);
        }

        int integer(String key, int def) {
            double d = number(key, def);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new JobConfigException(prefix + key, "must be a whole number, was " + map.get(key));
            }
            return (int) d;
        }

        long whole(String key, long def) {
            Object v = map.get(key);
            if (v == null) {
                return def;
            }
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof java.math.BigInteger) {
                if (v instanceof java.math.BigInteger b && b.bitLength() > 63) {
                    throw new JobConfigException(prefix + key, "must fit in 64 bits, was " + v);
                }
                return ((Number) v).longValue();
            }
            double d = number(key, def);
            if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
                throw new JobConfigException(prefix + key, "must be a whole number, was " + v);
            }
            return (long) d;
        }

        boolean bool(String key, boolean def) {
            Object v = map.get(key);
            if (v == null) {
                return def;
            }
            if (!(v instanceof Boolean b)) {
                throw new JobConfigException(prefix + key, "must be true or false, was " + v);
            }
            return b;
        }
    }
}
