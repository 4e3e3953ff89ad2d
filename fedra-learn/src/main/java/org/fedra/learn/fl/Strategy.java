package org.fedra.learn.fl;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the hub turns the round's mean update into the next global model. FedAvg and FedProx step by
 * {@code serverLearningRate * meanDelta} (FedProx differs on the node: its proximal term mu); FedAdam and
 * FedYogi treat the negated mean delta as a pseudo-gradient for an adaptive server optimiser
 * (Reddi et al. 2021, "Adaptive Federated Optimization").
 */
public enum Strategy {
    FEDAVG("fedavg"), FEDPROX("fedprox"), FEDADAM("fedadam"), FEDYOGI("fedyogi");

    private final String configName;

    Strategy(String configName) {
        this.configName = configName;
    }

    /** The name used in job configurations. */
    public String configName() {
        return configName;
    }

    /** @throws JobConfigException naming {@code strategy} and the known names */
    public static Strategy parse(String name) {
        for (Strategy s : values()) {
            if (s.configName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new JobConfigException("strategy", "unknown strategy '" + name + "'; known: "
                + Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", ")));
    }

    /** Whether the server keeps Adam-style moments. */
    public boolean adaptive() {
        return this == FEDADAM || this == FEDYOGI;
    }
}
