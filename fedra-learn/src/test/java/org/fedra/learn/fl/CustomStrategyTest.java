package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * A strategy the library does not have plugs into the round engine through the {@link Strategy} interface alone:
 * FedAvgM (Hsu et al. 2019, server momentum), written here, keeps its momentum in the {@link ServerState} so a job can
 * be persisted and resumed like any other.
 */
class CustomStrategyTest {

    /** FedAvg with server momentum: {@code v = beta v + meanDelta; w += eta v}; evaluates on every other node. */
    static final class FedAvgM implements Strategy {
        private final double eta;
        private final double beta;
        private final long seed;

        FedAvgM(double eta, double beta, long seed) {
            this.eta = eta;
            this.beta = beta;
            this.seed = seed;
        }

        @Override
        public ServerState initialState(double[] initialParameters) {
            int p = initialParameters.length;
            return new ServerState(0, initialParameters.clone(), new double[p], new double[p]);
        }

        @Override
        public RoundPlan configureFit(ServerState state, List<String> nodes, ModelArchitecture model) {
            List<NodeInstructions> instructions = new ArrayList<>();
            for (String node : nodes) {
                instructions.add(new NodeInstructions(state.round(), node, model, state.parameters(),
                        new TrainingConfig(1, 16, 0.05, 0), Seeds.derive(seed, state.round(), node), 0, 0));
            }
            return new RoundPlan(state.round(), nodes, instructions);
        }

        @Override
        public RoundResult aggregateFit(ServerState state, RoundPlan plan, FitResults results, RandomGenerator noise) {
            double[] sum = results.sum();
            int p = sum.length - 1;
            double[] w = state.parameters().clone();
            double[] v = state.firstMoment().clone();
            for (int k = 0; k < p; k++) {
                v[k] = beta * v[k] + sum[k] / sum[p];
                w[k] += eta * v[k];
            }
            return new RoundResult(new ServerState(state.round() + 1, w, v, state.secondMoment()),
                    results.contributors(), Double.NaN, Double.NaN);
        }

        @Override
        public List<String> configureEvaluate(ServerState state, List<String> nodes) {
            List<String> half = new ArrayList<>();
            for (int i = state.round() % 2; i < nodes.size(); i += 2) {
                half.add(nodes.get(i));
            }
            return half;
        }
    }

    @Test
    void momentumIsAppliedAsWrittenAndKeptInTheServerState() {
        FederatedTraining t = new FederatedTraining(JobConfig.fromMap(Map.of("rounds", 2)), ModelSpec.logistic(1),
                List.of("a", "b", "c"), new FedAvgM(0.5, 0.9, 1));
        ServerState s0 = t.initialState();
        RoundPlan p0 = t.plan(s0);
        assertThat(p0.participants()).containsExactly("a", "b", "c");
        // a and b: 10 and 30 examples; mean delta (0.4, -0.2) in round 0, (0.1, 0.1) in round 1
        ServerState s1 = t.aggregateSum(s0, p0, new double[] {16, -8, 40}, List.of("a", "b"), null).state();
        assertThat(s1.parameters()).containsExactly(new double[] {0.2, -0.1}, within(1e-15));
        ServerState s2 = t.aggregateSum(s1, t.plan(s1), new double[] {4, 4, 40}, List.of("a", "b"), null).state();
        // v = 0.9 * (0.4, -0.2) + (0.1, 0.1) = (0.46, -0.08)
        assertThat(s2.firstMoment()).containsExactly(new double[] {0.46, -0.08}, within(1e-15));
        assertThat(s2.parameters()).containsExactly(new double[] {0.2 + 0.23, -0.1 - 0.04}, within(1e-15));
        assertThat(ServerState.fromVector(s2.toVector())).isEqualTo(s2);
        assertThat(t.isFinished(s2)).isTrue();
        assertThat(t.evaluationNodes(s1)).containsExactly("b");
        assertThat(t.evaluationNodes(s2)).containsExactly("a", "c");
    }

    @Test
    void theCustomStrategyTrainsTheHeartDiseaseModelToThePooledAuc() throws IOException {
        FederationFixture f = new FederationFixture(TabularSites.heartDisease());
        ModelSpec spec = ModelSpec.logistic(TabularSites.HEART_FEATURES);
        JobConfig config = JobConfig.fromMap(Map.of("rounds", 20, "batchSize", 16, "learningRate", 0.05, "seed", 2026));
        FederatedTraining training = new FederatedTraining(config, spec, new ArrayList<>(f.train.keySet()),
                new FedAvgM(1.0, 0.5, 2026));
        ServerState end = new InMemoryFederation(training, f.train, new TabularTrainer()).run(r -> { });
        Metrics fed = f.federatedEvaluation(spec, end.parameters());
        Metrics pooled = f.federatedEvaluation(spec, f.pooledTraining(spec, config, 40));
        System.out.printf("FedAvgM (custom strategy): held-out AUC %.4f (pooled %.4f)%n", fed.auc(), pooled.auc());
        assertThat(end.round()).isEqualTo(20);
        assertThat(fed.auc()).isCloseTo(pooled.auc(), within(0.02));
    }
}
