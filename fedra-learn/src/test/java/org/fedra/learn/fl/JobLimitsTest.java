package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every numeric training parameter is bounded, and a job asking for more is refused before any round with the field
 * and the bound in the error; a node refuses local settings beyond the bounds whatever it was sent.
 */
class JobLimitsTest {
    private static final List<String> NODES = List.of("a", "b", "c", "d", "e", "f", "g");

    private static String refused(Map<String, ?> settings) {
        try {
            new FederatedTraining(JobConfig.fromMap(settings), ModelSpec.logistic(2), NODES);
        } catch (JobConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + settings);
    }

    private static Map<String, Object> dp(String field, double value) {
        Map<String, Object> dp = new HashMap<>(Map.of("noiseMultiplier", 1.0, "epsilonBudget", 10.0));
        dp.put(field, value);
        return Map.of("dp", dp);
    }

    @Test
    void eachParameterIsRefusedWithItsBound() {
        assertThat(refused(Map.of("localEpochs", 1_000_000_000)))
                .isEqualTo("localEpochs: must be from 1 to 100, was 1000000000");
        assertThat(refused(Map.of("rounds", 1001))).isEqualTo("rounds: must be from 1 to 1000, was 1001");
        assertThat(refused(Map.of("batchSize", 10_001))).isEqualTo("batchSize: must be from 1 to 10000, was 10001");
        assertThat(refused(Map.of("clientsPerRound", 1001))).isEqualTo("clientsPerRound: must be from 0 to 1000, was 1001");
        assertThat(refused(Map.of("learningRate", 1e300))).isEqualTo("learningRate: must be at most 10, was 1.0E300");
        assertThat(refused(Map.of("strategy", "fedprox", "mu", 101))).isEqualTo("mu: must be at most 100, was 101.0");
        assertThat(refused(Map.of("serverLearningRate", 11))).isEqualTo("serverLearningRate: must be at most 10, was 11.0");
        assertThat(refused(Map.of("strategy", "fedadam", "tau", 2))).isEqualTo("tau: must be at most 1, was 2.0");
        assertThat(refused(Map.of("secureAggregation", false, "robustRule", Map.of("name", "krum", "byzantine", 101))))
                .isEqualTo("robustRule.byzantine: must be from 0 to 100, was 101");
        assertThat(refused(Map.of("secureAggregation", false, "robustRule", Map.of("name", "multi-krum", "select", 1001))))
                .isEqualTo("robustRule.select: must be from 1 to 1000, was 1001");
        assertThat(refused(dp("clipNorm", 1e9))).isEqualTo("dp.clipNorm: must be at most 1000, was 1.0E9");
        assertThat(refused(dp("noiseMultiplier", 101))).isEqualTo("dp.noiseMultiplier: must be at most 100, was 101.0");
        assertThat(refused(dp("epsilonBudget", 1e6))).isEqualTo("dp.epsilonBudget: must be at most 1000, was 1000000.0");
        assertThat(refused(dp("delta", 1))).isEqualTo("dp.delta: must lie in (0, 1), was 1.0");
        // at the bounds a job is accepted
        new FederatedTraining(JobConfig.fromMap(Map.of("rounds", 1000, "localEpochs", 100, "batchSize", 10_000,
                "learningRate", 10, "serverLearningRate", 10)), ModelSpec.logistic(2), NODES);
    }

    @Test
    void aNodeRefusesLocalSettingsBeyondTheBounds() {
        assertThat(new TrainingConfig(100, 10_000, 10, 100).withinJobLimits()).isNotNull();
        assertThatThrownBy(() -> new TrainingConfig(1_000_000_000, 16, 0.1, 0).withinJobLimits())
                .isInstanceOf(JobConfigException.class).hasMessage("localEpochs: must be from 1 to 100, was 1000000000");
        assertThatThrownBy(() -> new TrainingConfig(1, 16, 0.1, 1e9).withinJobLimits())
                .hasMessage("mu: must be at most 100, was 1.0E9");
    }
}
