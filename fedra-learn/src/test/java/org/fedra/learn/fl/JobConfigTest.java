package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad job configurations are refused before any round, naming the field. */
class JobConfigTest {
    private static final List<String> FOUR = List.of("a", "b", "c", "d");

    private static JobConfigException refused(Map<String, ?> map) {
        try {
            JobConfig config = JobConfig.fromMap(map);
            new FederatedTraining(config, ModelSpec.logistic(3), FOUR);
        } catch (JobConfigException e) {
            return e;
        }
        throw new AssertionError("configuration was accepted: " + map);
    }

    @Test
    void unknownStrategyIsRefusedNamingTheField() {
        JobConfigException e = refused(Map.of("strategy", "fedsgd"));
        assertThat(e.field()).isEqualTo("strategy");
        assertThat(e.getMessage()).isEqualTo(
                "strategy: unknown strategy 'fedsgd'; known: fedavg, fedprox, fedadam, fedyogi");
    }

    @Test
    void negativeLearningRateIsRefused() {
        JobConfigException e = refused(Map.of("learningRate", -0.1));
        assertThat(e.field()).isEqualTo("learningRate");
        assertThat(e.getMessage()).isEqualTo("learningRate: must be positive and finite, was -0.1");
    }

    @Test
    void robustRuleWithSecureAggregationIsRefusedWithTheReason() {
        JobConfigException e = refused(Map.of("robustRule", "median")); // secure aggregation is on by default
        assertThat(e.field()).isEqualTo("robustRule");
        assertThat(e.getMessage()).contains("robust rule 'median' needs every node's update on its own",
                "secure aggregation only reveals their sum", "set secureAggregation to false");
        // the same rule without secure aggregation is accepted
        JobConfig ok = JobConfig.fromMap(Map.of("robustRule", "median", "secureAggregation", false));
        assertThat(ok.robustRule().name()).isEqualTo("median");
    }

    @Test
    void privacyBudgetExhaustedBeforeTheFirstRoundIsRefused() {
        // sigma 0.5 with all 4 nodes every round (q = 1): one round costs far more than epsilon 0.5
        Map<String, Object> dp = Map.of("clipNorm", 1.0, "noiseMultiplier", 0.5, "delta", 1e-5, "epsilonBudget", 0.5);
        JobConfigException e = refused(Map.of("dp", dp));
        assertThat(e.field()).isEqualTo("dp.epsilonBudget");
        assertThat(e.getMessage()).startsWith("dp.epsilonBudget: budget epsilon=0.5 is exhausted before the first"
                + " round: one round (noiseMultiplier 0.5, sampling rate 1.0) already costs epsilon=");
    }

    @Test
    void otherBadFieldsAreNamed() {
        assertThat(refused(Map.of("rounds", 0)).field()).isEqualTo("rounds");
        assertThat(refused(Map.of("batchSize", 0)).field()).isEqualTo("batchSize");
        assertThat(refused(Map.of("localEpochs", 1.5)).field()).isEqualTo("localEpochs");
        assertThat(refused(Map.of("learningrate", 0.1)).field()).isEqualTo("learningrate"); // typo: unknown field
        assertThat(refused(Map.of("strategy", "fedprox", "mu", 0)).field()).isEqualTo("mu");
        assertThat(refused(Map.of("clientsPerRound", 5)).field()).isEqualTo("clientsPerRound");
        assertThat(refused(Map.of("secureAggregation", "yes")).field()).isEqualTo("secureAggregation");
        assertThat(refused(Map.of("robustRule", "mean", "secureAggregation", false)).field())
                .isEqualTo("robustRule.name");
        assertThat(refused(Map.of("robustRule", Map.of("name", "trimmed-mean", "trimFraction", 0.5),
                "secureAggregation", false)).field()).isEqualTo("robustRule.trimFraction");
        // Krum tolerating one faulty node needs 2f + 3 = 5 updates; the job has 4 nodes
        JobConfigException krum = refused(Map.of("robustRule", "krum", "secureAggregation", false));
        assertThat(krum.field()).isEqualTo("robustRule.byzantine");
        assertThat(krum.getMessage()).contains("needs at least 5 updates per round, the job has 4");
        assertThat(refused(Map.of("dp", Map.of("noiseMultiplier", 1.0, "epsilonBudget", 1.0, "noise", "local")))
                .field()).isEqualTo("dp.noise");
        assertThat(refused(Map.of("dp", Map.of("epsilonBudget", 1.0))).field()).isEqualTo("dp.noiseMultiplier");
        assertThat(refused(Map.of("dp", Map.of("noiseMultiplier", 1.0, "epsilonBudget", 1.0, "clipNorm", -1)))
                .field()).isEqualTo("dp.clipNorm");
        assertThat(refused(Map.of("dp", Map.of("noiseMultiplier", 1.0, "epsilonBudget", 9.0),
                "robustRule", "median", "secureAggregation", false)).field()).isEqualTo("robustRule");
    }

    @Test
    void defaultsAndRoundTripThroughAMap() {
        JobConfig d = JobConfig.fromMap(Map.of());
        assertThat(d.strategy()).isEqualTo(BuiltInStrategy.FEDAVG);
        assertThat(d.secureAggregation()).isTrue();
        assertThat(d.robustRule().robust()).isFalse();
        assertThat(d.rounds()).isEqualTo(20);
        assertThat(d.serverLearningRate()).isEqualTo(1.0);
        assertThat(JobConfig.fromMap(Map.of("strategy", "fedadam")).serverLearningRate()).isEqualTo(0.1);

        Map<String, Object> map = new HashMap<>();
        map.put("strategy", "fedyogi");
        map.put("rounds", 7);
        map.put("clientsPerRound", 2);
        map.put("seed", 1234567890123L);
        map.put("dp", Map.of("noiseMultiplier", 1.1, "epsilonBudget", 8.0, "noise", "distributed"));
        JobConfig c = JobConfig.fromMap(map);
        assertThat(JobConfig.fromMap(c.toMap())).isEqualTo(c);
        assertThat(c.seed()).isEqualTo(1234567890123L);
        assertThat(c.dp().distributed()).isTrue();
    }

    @Test
    void aSecureSumCannotFeedARobustRule() {
        JobConfig config = JobConfig.fromMap(Map.of("robustRule", "median", "secureAggregation", false));
        FederatedTraining t = new FederatedTraining(config, ModelSpec.logistic(3), FOUR);
        ServerState s = t.initialState();
        RoundPlan plan = t.plan(s);
        assertThatThrownBy(() -> t.aggregateSum(s, plan, new double[5], FOUR, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs individual updates");
    }
}
