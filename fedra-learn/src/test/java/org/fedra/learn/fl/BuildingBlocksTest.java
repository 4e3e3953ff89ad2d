package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pure pieces on small inputs with answers worked out by hand. */
class BuildingBlocksTest {

    @Test
    void mlpGradientMatchesFiniteDifferences() {
        ModelSpec spec = ModelSpec.mlp(3, 4, 2);
        assertThat(spec.parameterCount()).isEqualTo(4 * 3 + 4 + 2 * 4 + 2 + 1 * 2 + 1);
        double[] w = spec.initialParameters(5);
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = new double[6][3];
        double[] y = new double[6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rng.nextGaussian();
            }
            y[i] = i % 2;
        }
        Dataset data = new Dataset(x, y);
        int[] rows = {0, 1, 2, 3, 4, 5};
        double[] grad = new double[w.length];
        double loss = spec.model(w).accumulateGradient(data, rows, 0, 6, grad);
        assertThat(loss / 6).isCloseTo(spec.model(w).loss(data), within(1e-12));
        for (int k = 0; k < w.length; k++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[k] += 1e-6;
            minus[k] -= 1e-6;
            double numeric = 6 * (spec.model(plus).loss(data) - spec.model(minus).loss(data)) / 2e-6;
            assertThat(grad[k]).as("parameter %d", k).isCloseTo(numeric, within(1e-6));
        }
    }

    @Test
    void initialisationIsDeterministicFromTheSeed() {
        ModelSpec spec = ModelSpec.mlp(5, 3);
        assertThat(spec.initialParameters(1)).isEqualTo(spec.initialParameters(1));
        assertThat(spec.initialParameters(1)).isNotEqualTo(spec.initialParameters(2));
        assertThat(ModelSpec.logistic(5).initialParameters(1)).containsOnly(0.0);
    }

    @Test
    void fedProxProximalTermKeepsTheLocalModelCloserToTheGlobalOne() {
        Dataset d = new Dataset(new double[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 0}}, new double[] {1, 0, 1, 0});
        ModelSpec spec = ModelSpec.logistic(2);
        double[] g = spec.initialParameters(0);
        LocalUpdate avg = new TabularTrainer().train(spec, g, d, new TrainingConfig(20, 2, 0.5, 0), 1);
        LocalUpdate prox = new TabularTrainer().train(spec, g, d, new TrainingConfig(20, 2, 0.5, 1.0), 1);
        assertThat(avg.examples()).isEqualTo(4);
        assertThat(norm(prox.delta())).isLessThan(norm(avg.delta()));
    }

    @Test
    void robustRulesOnHandWorkedUpdates() {
        List<double[]> u = List.of(new double[] {1, 10}, new double[] {2, 20}, new double[] {3, 30},
                new double[] {100, -1000});
        assertThat(RobustRule.median(u)).containsExactly(2.5, 15);
        assertThat(RobustRule.trimmedMean(u, 0.25)).containsExactly(2.5, 15);
        assertThat(RobustRule.mean(u)).containsExactly(26.5, -235);
        List<double[]> five = List.of(new double[] {1, 1}, new double[] {1.1, 1}, new double[] {0.9, 1},
                new double[] {1, 1.2}, new double[] {50, -50});
        // Krum f=1: each update scored on its n - f - 2 = 2 nearest; {1, 1} is closest to the cluster
        assertThat(RobustRule.multiKrum(five, 1, 1)).containsExactly(1, 1);
        double[] mk = RobustRule.multiKrum(five, 1, 3);
        assertThat(mk[0]).isCloseTo(1.0, within(1e-12)); // {1,1}, {1.1,1}, {0.9,1}
        assertThat(mk[1]).isCloseTo(1.0, within(1e-12));
        assertThatThrownBy(() -> RobustRule.multiKrum(u, 1, 1)).hasMessage(
                "robust aggregation needs at least 5 updates, got 4");
    }

    @Test
    void fedAdamAndFedYogiFirstStepByHand() {
        JobConfig adam = JobConfig.fromMap(Map.of("strategy", "fedadam", "serverLearningRate", 0.1, "tau", 0.01));
        FedAvg opt = serverStep(adam);
        ServerState s0 = opt.initialState(new double[] {0});
        ServerState s1 = opt.applyUpdate(s0, new double[] {0.5});
        double m = 0.1 * 0.5;
        double v = 0.99 * 1e-4 + 0.01 * 0.25;
        assertThat(s1.round()).isEqualTo(1);
        assertThat(s1.firstMoment()[0]).isCloseTo(m, within(1e-15));
        assertThat(s1.secondMoment()[0]).isCloseTo(v, within(1e-15));
        assertThat(s1.parameters()[0]).isCloseTo(0.1 * m / (Math.sqrt(v) + 0.01), within(1e-15));

        JobConfig yogi = JobConfig.fromMap(Map.of("strategy", "fedyogi", "serverLearningRate", 0.1, "tau", 0.01));
        ServerState y1 = serverStep(yogi).applyUpdate(serverStep(yogi).initialState(new double[] {0}),
                new double[] {0.5});
        double vy = 1e-4 + 0.01 * 0.25; // v - (1 - b2) d^2 sign(v - d^2), v < d^2
        assertThat(y1.secondMoment()[0]).isCloseTo(vy, within(1e-15));

        JobConfig avg = JobConfig.fromMap(Map.of("serverLearningRate", 0.5));
        assertThat(serverStep(avg).applyUpdate(serverStep(avg).initialState(new double[] {1}),
                new double[] {0.4}).parameters()).containsExactly(1.2);
    }

    @Test
    void metricsFromSummedHistogramsByHand() {
        // node A: positives at p = 0.9, 0.6; negative at 0.3. node B: positive at 0.2, negatives at 0.1, 0.6
        ModelSpec spec = ModelSpec.logistic(1);
        Model identityLogit = spec.model(new double[] {1, 0});
        Dataset a = new Dataset(new double[][] {{logit(0.9)}, {logit(0.6)}, {logit(0.3)}}, new double[] {1, 1, 0});
        Dataset b = new Dataset(new double[][] {{logit(0.2)}, {logit(0.1)}, {logit(0.6)}}, new double[] {1, 0, 0});
        double[] sum = EvaluationSums.sum(List.of(EvaluationSums.of(identityLogit, a, 10).toVector(),
                EvaluationSums.of(identityLogit, b, 10).toVector()));
        Metrics m = Metrics.fromSums(EvaluationSums.fromVector(sum));
        assertThat(m.n()).isEqualTo(6);
        // pairs (pos, neg): 0.9 beats 3; 0.6 beats 0.3 and 0.1, ties 0.6 -> 2.5; 0.2 beats 0.1 -> 1. 6.5 / 9
        assertThat(m.auc()).isCloseTo(6.5 / 9, within(1e-12));
        assertThat(Metrics.exactAuc(identityLogit, Dataset.concat(List.of(a, b)))).isCloseTo(6.5 / 9, within(1e-12));
        // threshold 0.5: TP 0.9, 0.6; FN 0.2; FP 0.6; TN 0.3, 0.1 -> accuracy 4/6
        assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(m.sensitivity()).isCloseTo(2.0 / 3, within(1e-12));
        double loss = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.7) + Math.log(0.2) + Math.log(0.9) + Math.log(0.4));
        assertThat(m.loss()).isCloseTo(loss / 6, within(1e-9));
    }

    @Test
    void clientSamplingIsDeterministicAndIgnoresInputOrder() {
        List<String> nodes = List.of("d", "b", "a", "c", "e");
        List<String> r3 = ClientSampler.sample(nodes, 2, 42, 3);
        assertThat(r3).hasSize(2).isSorted();
        assertThat(ClientSampler.sample(List.of("a", "b", "c", "d", "e"), 2, 42, 3)).isEqualTo(r3);
        assertThat(ClientSampler.sample(nodes, 0, 42, 3)).containsExactly("a", "b", "c", "d", "e");
        // over 200 rounds every node is chosen, about 2/5 of the time
        int[] chosen = new int[5];
        for (int r = 0; r < 200; r++) {
            for (String n : ClientSampler.sample(nodes, 2, 42, r)) {
                chosen[n.charAt(0) - 'a']++;
            }
        }
        for (int c : chosen) {
            assertThat(c).isBetween(50, 110);
        }
    }

    @Test
    void serverStateSurvivesItsFlatForm() {
        ServerState s = new ServerState(3, new double[] {1, 2}, new double[] {0.1, 0.2}, new double[] {3, 4});
        assertThat(ServerState.fromVector(s.toVector())).isEqualTo(s);
    }

    @Test
    void standardisationFromTwoNodesSummandsByHand() {
        // feature 0: node 1 has 1 and 3, node 2 has 5 -> mean 3, population variance 8/3; feature 1 constant 7
        Dataset n1 = new Dataset(new double[][] {{1, 7}, {3, 7}}, new double[] {0, 1});
        Dataset n2 = new Dataset(new double[][] {{5, 7}}, new double[] {1});
        assertThat(Standardisation.summands(n1)).containsExactly(2, 4, 14, 10, 98);
        double[] sum = EvaluationSums.sum(List.of(Standardisation.summands(n1), Standardisation.summands(n2)));
        Standardisation s = Standardisation.fromPooledSums(sum);
        assertThat(s.means()).containsExactly(3, 7);
        assertThat(s.scales()[0]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
        assertThat(s.scales()[1]).isEqualTo(1.0); // zero variance: left unscaled rather than divided by 0
        assertThat(s.apply(n2).features()[0][0]).isCloseTo(Math.sqrt(1.5), within(1e-12)); // (5 - 3) / sqrt(8/3)
        assertThat(s.apply(n2).features()[0][1]).isZero();
        assertThatThrownBy(() -> Standardisation.fromPooledSums(new double[] {0, 0, 0}))
                .hasMessage("pooled standardisation sums: n must be positive, was 0.0");
        assertThatThrownBy(() -> s.apply(new Dataset(new double[][] {{1}}, new double[] {0})))
                .hasMessage("standardisation is for 2 features, dataset has 1");
    }

    @Test
    void badDatasetsAreNamed() {
        assertThatThrownBy(() -> new Dataset(new double[][] {{1, 2}, {3}}, new double[] {0, 1}))
                .hasMessage("dataset row 1 has 1 features, row 0 has 2");
        assertThatThrownBy(() -> new Dataset(new double[][] {{1}}, new double[] {2}))
                .hasMessage("dataset label 0 must be 0 or 1, was 2.0");
        assertThatThrownBy(() -> new TabularTrainer().train(ModelSpec.logistic(3), new double[4],
                new Dataset(new double[][] {{1}}, new double[] {1}), new TrainingConfig(1, 1, 0.1, 0), 1))
                .hasMessage("model logistic(features=3) expects 3 features, local data has 1");
    }

    /** The server step of the strategy a configuration names (one node: no sampling involved). */
    private static FedAvg serverStep(JobConfig config) {
        return (FedAvg) BuiltInStrategy.of(config, 1);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
