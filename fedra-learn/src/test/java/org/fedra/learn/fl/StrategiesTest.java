package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every server strategy, with the settings a job would give it, trains a usable model on the four
 * heart-disease sites: held-out AUC within 0.02 of pooled training (40 passes, batch 16, learning rate 0.05,
 * logistic regression, seed 2026). Local epochs 2 and three of four nodes sampled per round, so client drift
 * and sampling are exercised.
 */
class StrategiesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fedavg, 1.0, 0", "fedprox, 1.0, 0.1", "fedadam, 0.05, 0", "fedyogi, 0.05, 0"})
    void strategyReachesPooledAuc(String strategy, double serverLearningRate, double mu) throws IOException {
        FederationFixture f = new FederationFixture(TabularSites.heartDisease());
        ModelSpec spec = ModelSpec.logistic(TabularSites.HEART_FEATURES);
        Map<String, Object> map = new HashMap<>(Map.of("strategy", strategy, "rounds", 20, "localEpochs", 2,
                "clientsPerRound", 3, "batchSize", 16, "learningRate", 0.05, "serverLearningRate", serverLearningRate,
                "seed", 2026));
        if (mu > 0) {
            map.put("mu", mu);
        }
        JobConfig config = JobConfig.fromMap(map);
        ServerState end = f.federated(spec, config);
        Metrics fed = f.federatedEvaluation(spec, end.parameters());
        Metrics pooled = f.federatedEvaluation(spec, f.pooledTraining(spec, config, 40));
        System.out.printf("%s: held-out AUC %.4f (pooled %.4f), accuracy %.4f, loss %.4f%n", strategy, fed.auc(),
                pooled.auc(), fed.accuracy(), fed.loss());
        assertThat(end.round()).isEqualTo(20);
        assertThat(fed.auc()).isCloseTo(pooled.auc(), within(0.02));
    }
}
