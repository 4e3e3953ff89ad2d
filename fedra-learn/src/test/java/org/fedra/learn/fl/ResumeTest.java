package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job interrupted after some rounds and resumed from its persisted {@link ServerState} (flat vector) and its
 * configuration (map form), with a fresh {@link FederatedTraining}, ends with exactly the model of an
 * uninterrupted run: same sampled nodes, same local seeds, same optimiser moments.
 */
class ResumeTest {

    private static void resumeEqualsUninterrupted(Map<String, Object> settings, ModelSpec spec, int stopAfter)
            throws IOException {
        FederationFixture f = new FederationFixture(TabularSites.heartDisease());
        List<String> nodes = new ArrayList<>(f.train.keySet());
        JobConfig config = JobConfig.fromMap(settings);

        FederatedTraining once = new FederatedTraining(config, spec, nodes);
        List<List<String>> participants = new ArrayList<>();
        ServerState uninterrupted = new InMemoryFederation(once, f.train, new TabularTrainer())
                .run(r -> participants.add(r.contributors()));

        ServerState partial = new InMemoryFederation(once, f.train, new TabularTrainer())
                .run(once.initialState(), stopAfter, r -> { });
        assertThat(partial.round()).isEqualTo(stopAfter);
        double[] saved = partial.toVector();
        Map<String, Object> savedConfig = config.toMap();

        List<String> shuffled = new ArrayList<>(nodes);
        Collections.reverse(shuffled); // the node list may come back in another order
        FederatedTraining again = new FederatedTraining(JobConfig.fromMap(savedConfig), spec, shuffled);
        ServerState resumed = new InMemoryFederation(again, f.train, new TabularTrainer())
                .run(ServerState.fromVector(saved), Integer.MAX_VALUE, r -> { });

        assertThat(resumed.round()).isEqualTo(uninterrupted.round());
        assertThat(resumed.parameters()).containsExactly(uninterrupted.parameters());
        assertThat(resumed).isEqualTo(uninterrupted);
        // sampling really varied between rounds, so the resume had to reproduce it
        assertThat(participants.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void fedYogiMlpWithClientSamplingResumesExactly() throws IOException {
        resumeEqualsUninterrupted(Map.of("strategy", "fedyogi", "rounds", 12, "clientsPerRound", 3,
                "serverLearningRate", 0.05, "batchSize", 16, "learningRate", 0.05, "seed", 99),
                ModelSpec.mlp(TabularSites.HEART_FEATURES, 6), 5);
    }

    @Test
    void dpFedAvgWithCentralNoiseResumesExactly() throws IOException {
        resumeEqualsUninterrupted(Map.of("rounds", 10, "clientsPerRound", 2, "batchSize", 16, "learningRate", 0.05,
                "seed", 7, "dp", Map.of("clipNorm", 0.5, "noiseMultiplier", 1.0, "epsilonBudget", 50.0)),
                ModelSpec.logistic(TabularSites.HEART_FEATURES), 4);
    }
}
