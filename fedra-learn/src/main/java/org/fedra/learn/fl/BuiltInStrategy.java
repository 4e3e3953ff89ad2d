package org.fedra.learn.fl;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The strategies a job configuration names ({@code "strategy": "fedadam"}), each with the strategy class it builds.
 * A configuration with {@code dp} gets its strategy wrapped in {@link DpFedAvg}.
 */
public enum BuiltInStrategy {
    FEDAVG("fedavg", 1.0, FedAvg::new),
    FEDPROX("fedprox", 1.0, FedProx::new),
    FEDADAM("fedadam", 0.1, FedAdam::new),
    FEDYOGI("fedyogi", 0.1, FedYogi::new);

    private final String configName;
    private final double defaultServerLearningRate;
    private final BiFunction<JobConfig, Integer, FedAvg> factory;

    BuiltInStrategy(String configName, double defaultServerLearningRate, BiFunction<JobConfig, Integer, FedAvg> factory) {
        this.configName = configName;
        this.defaultServerLearningRate = defaultServerLearningRate;
        this.factory = factory;
    }

    /** The name used in job configurations. */
    public String configName() {
        return configName;
    }

    /** The server step size a configuration gets when it names none. */
    public double defaultServerLearningRate() {
        return defaultServerLearningRate;
    }

    /** @throws JobConfigException naming {@code strategy} and the known names */
    public static BuiltInStrategy parse(String name) {
        for (BuiltInStrategy s : values()) {
            if (s.configName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new JobConfigException("strategy", "unknown strategy '" + name + "'; known: "
                + Arrays.stream(values()).map(BuiltInStrategy::configName).collect(Collectors.joining(", ")));
    }

    /**
     * The strategy {@code config} describes for a job on {@code nodeCount} nodes.
     *
     * @throws JobConfigException naming the field if the configuration cannot run on that many nodes
     */
    public static Strategy of(JobConfig config, int nodeCount) {
        FedAvg base = config.strategy().factory.apply(config, nodeCount);
        if (config.dp() == null) {
            return base;
        }
        return new DpFedAvg(base, config.dp(), (double) base.participantsPerRound() / nodeCount);
    }
}
