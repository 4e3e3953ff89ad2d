package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedra.learn.fl.LinearRegressionFamily.Linear;
import org.fedra.learn.fl.LinearRegressionFamily.Points;
import org.junit.jupiter.api.Test;

/**
 * A model family is found by name, read from JSON with errors naming the path, and trained by the same round engine,
 * strategies and robust rules as the tabular family: {@link LinearRegressionFamily}, written in the test sources,
 * recovers the line its three nodes' data were drawn from.
 */
class ModelFamilySpiTest {
    private static final ModelFamilies FAMILIES = ModelFamilies.installed();

    /** y = 2 x1 - 3 x2 - 1 + N(0, 0.1^2); node i holds 100 + 50 i points, x shifted by i (not identically distributed). */
    private static Map<String, Points> sites(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Points> sites = new LinkedHashMap<>();
        for (int node = 0; node < 3; node++) {
            int n = 100 + 50 * node;
            double[][] x = new double[n][2];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i][0] = rng.nextGaussian() + node;
                x[i][1] = rng.nextGaussian() - node / 2.0;
                y[i] = 2 * x[i][0] - 3 * x[i][1] - 1 + 0.1 * rng.nextGaussian();
            }
            sites.put("node-" + node, new Points(x, y));
        }
        return sites;
    }

    private static ServerState train(Map<String, Object> settings, Map<String, Points> sites, Linear model) {
        FederatedTraining training = new FederatedTraining(JobConfig.fromMap(settings), model,
                new ArrayList<>(sites.keySet()));
        ModelFamily<?, ?> family = FAMILIES.of(model);
        assertThat(family).isInstanceOf(LinearRegressionFamily.class);
        return new InMemoryFederation(training, sites, new LinearRegressionFamily().trainer()).run(r -> { });
    }

    @Test
    void aSecondFamilyIsFoundByNameAndReadFromJsonWithErrorsNamingThePath() {
        assertThat(FAMILIES.names()).containsExactly("tabular", "toy-linear");
        ModelArchitecture model = FAMILIES.read(Map.of("family", "toy-linear", "inputs", 2), "$.model");
        assertThat(model).isEqualTo(new Linear(2));
        assertThat(model.parameterCount()).isEqualTo(3);
        assertThat(FAMILIES.write(model)).isEqualTo(Map.of("family", "toy-linear", "inputs", 2));
        assertThat(FAMILIES.read(FAMILIES.write(model), "$")).isEqualTo(model);
        assertThatThrownBy(() -> FAMILIES.read(Map.of("family", "toy-linear", "inputs", 0), "$.model"))
                .isInstanceOf(ModelSpecException.class).hasMessage("$.model.inputs: must be a whole number from 1 to 10, was 0");
        assertThatThrownBy(() -> FAMILIES.read(Map.of("family", "cnn", "inputs", 2), "$.model"))
                .hasMessage("$.model.family: unknown model family 'cnn'; known: tabular, toy-linear");
    }

    @Test
    void theRoundEngineTrainsTheSecondFamilyWithSecureSumsAndWithARobustRule() {
        Map<String, Points> sites = sites(4);
        Linear model = new Linear(2);
        Map<String, Object> fedAvg = Map.of("rounds", 30, "localEpochs", 2, "batchSize", 10, "learningRate", 0.02,
                "seed", 3);
        ServerState summed = train(fedAvg, sites, model);
        Map<String, Object> median = new LinkedHashMap<>(fedAvg);
        median.put("secureAggregation", false);
        median.put("robustRule", "median");
        ServerState robust = train(median, sites, model);
        for (ServerState s : List.of(summed, robust)) {
            assertThat(s.round()).isEqualTo(30);
            assertThat(s.parameters()).containsExactly(new double[] {2, -3, -1}, within(0.05));
        }
        assertThat(robust.parameters()).isNotEqualTo(summed.parameters());

        // evaluation: the sum of the nodes' vectors, read by the family's metric layout
        FederatedTraining training = new FederatedTraining(JobConfig.fromMap(fedAvg), model, List.copyOf(sites.keySet()));
        LinearRegressionFamily family = new LinearRegressionFamily();
        List<double[]> vectors = new ArrayList<>();
        for (String node : training.evaluationNodes(summed)) {
            vectors.add(family.evaluator().evaluate(model, summed.parameters(), sites.get(node)));
        }
        assertThat(model.metricLayout().length()).isEqualTo(4);
        PooledMetrics metrics = training.evaluate(summed, EvaluationSums.sum(vectors));
        assertThat(metrics.n()).isEqualTo(450);
        assertThat(metrics.value("rmse")).isCloseTo(0.1, within(0.02));
        assertThat(metrics.value("r2")).isGreaterThan(0.99);
        assertThat(metrics.value("auc")).isNaN();
    }

    @Test
    void theTabularFamilyReadsItsJsonLaysOutItsTensorsAndNamesWhatIsWrong() {
        ModelSpec mlp = (ModelSpec) FAMILIES.read(Map.of("inputs", 3, "hidden", List.of(4, 2)), "$.model");
        assertThat(mlp).isEqualTo(ModelSpec.mlp(3, 4, 2));
        assertThat(FAMILIES.write(mlp)).isEqualTo(Map.of("family", "tabular", "inputs", 3, "hidden", List.of(4, 2)));
        assertThat(mlp.layout().names()).containsExactly("layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias",
                "layer3.weight", "layer3.bias");
        assertThat(mlp.layout().shapes()).containsExactly(new int[] {4, 3}, new int[] {4}, new int[] {2, 4},
                new int[] {2}, new int[] {1, 2}, new int[] {1});
        assertThat(mlp.layout().parameterCount()).isEqualTo(mlp.parameterCount()).isEqualTo(12 + 4 + 8 + 2 + 2 + 1);
        assertThat(mlp.metricLayout().length()).isEqualTo(6 + 2 * EvaluationSums.DEFAULT_BINS);
        assertThat(ModelSpec.logistic(5).layout().shapes()).containsExactly(new int[] {1, 5}, new int[] {1});

        assertThatThrownBy(() -> FAMILIES.read(Map.of("inputs", 3, "hidden", List.of(4, 257)), "$.model"))
                .hasMessage("$.model.hidden[1]: must be from 1 to 256, was 257");
        assertThatThrownBy(() -> FAMILIES.read(Map.of("inputs", 3, "hidden", List.of(1, 1, 1, 1, 1)), "$.model"))
                .hasMessage("$.model.hidden: at most 4 hidden layers, was 5");
        assertThatThrownBy(() -> FAMILIES.read(Map.of("inputs", 3, "layers", List.of(4)), "$.model"))
                .hasMessage("$.model.layers: unknown field; known: family, hidden, inputs");
        assertThatThrownBy(() -> FAMILIES.read(Map.of("hidden", List.of(4)), "$.model"))
                .hasMessage("$.model.inputs: is required");
        assertThatThrownBy(() -> mlp.layout().requireSame(List.of("layer1.weight"), List.of(new int[] {3, 4})))
                .hasMessage("tensor 0 is layer1.weight[3, 4], the model's layout has layer1.weight[4, 3]");
    }
}
