package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: FedAvg over real multi-site data, with the nodes' updates combined only as a sum (what secure
 * aggregation reveals), reaches a held-out AUC close to training on the pooled rows with the same features,
 * standardisation, initialisation, trainer and number of passes over the data. Held-out AUC is computed
 * federatedly from summed score histograms (1000 bins) and checked against the exact pooled AUC.
 *
 * <p>Seeds: job seed 2026 (initialisation, local shuffling); data splits as in {@link TabularSites}.
 */
class FederatedVersusPooledTest {
    private static final long SEED = 2026;

    @Test
    void heartDiseaseFourSitesNodeCountsAndFederatedStandardisation() throws IOException {
        Map<String, TabularSites.Node> nodes = TabularSites.heartDisease();
        Map<String, String> counts = new LinkedHashMap<>();
        nodes.forEach((k, v) -> counts.put(k, v.train().size() + "+" + v.test().size()));
        System.out.println("heart disease rows train+held-out per site: " + counts);
        assertThat(counts).containsExactly(Map.entry("cleveland", "228+75"), Map.entry("hungarian", "220+73"),
                Map.entry("switzerland", "88+29"), Map.entry("va", "106+35"));

        FederationFixture f = new FederationFixture(nodes);
        // the standardisation built from summed summands equals the one computed on the pooled rows
        Dataset pooled = Dataset.concat(nodes.values().stream().map(TabularSites.Node::train).toList());
        Standardisation direct = Standardisation.fromPooledSums(Standardisation.summands(pooled));
        for (int j = 0; j < TabularSites.HEART_FEATURES; j++) {
            assertThat(f.standardisation.means()[j]).isCloseTo(direct.means()[j], within(1e-9));
            assertThat(f.standardisation.scales()[j]).isCloseTo(direct.scales()[j], within(1e-9));
        }
        // the standardised pooled data has mean 0 and sd 1
        Dataset std = f.pooledTrain();
        for (int j = 0; j < TabularSites.HEART_FEATURES; j++) {
            double s = 0;
            double s2 = 0;
            for (double[] row : std.features()) {
                s += row[j];
                s2 += row[j] * row[j];
            }
            assertThat(s / std.size()).isCloseTo(0, within(1e-9));
            assertThat(s2 / std.size()).isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void heartDiseaseLogisticFedAvgMatchesPooled() throws IOException {
        compare("heart disease, logistic", new FederationFixture(TabularSites.heartDisease()),
                ModelSpec.logistic(TabularSites.HEART_FEATURES), 0.01);
    }

    @Test
    void heartDiseaseMlpFedAvgMatchesPooled() throws IOException {
        compare("heart disease, MLP(8)", new FederationFixture(TabularSites.heartDisease()),
                ModelSpec.mlp(TabularSites.HEART_FEATURES, 8), 0.02);
    }

    @Test
    void breastCancerLogisticFedAvgMatchesPooled() throws IOException {
        compare("breast cancer, logistic", new FederationFixture(TabularSites.breastCancer(3)),
                ModelSpec.logistic(TabularSites.BREAST_FEATURES), 0.01);
    }

    @Test
    void breastCancerMlpFedAvgMatchesPooled() throws IOException {
        compare("breast cancer, MLP(8)", new FederationFixture(TabularSites.breastCancer(3)),
                ModelSpec.mlp(TabularSites.BREAST_FEATURES, 8), 0.02);
    }

    private static void compare(String label, FederationFixture f, ModelSpec spec, double tolerance) {
        int rounds = 40;
        JobConfig config = JobConfig.fromMap(Map.of("strategy", "fedavg", "rounds", rounds, "localEpochs", 1,
                "batchSize", 16, "learningRate", 0.05, "seed", SEED));
        ServerState federated = f.federated(spec, config);
        double[] pooled = f.pooledTraining(spec, config, rounds);

        Metrics fed = f.federatedEvaluation(spec, federated.parameters());
        Metrics ref = f.federatedEvaluation(spec, pooled);
        double fedExact = Metrics.exactAuc(spec.model(federated.parameters()), f.pooledTest());
        double refExact = Metrics.exactAuc(spec.model(pooled), f.pooledTest());
        System.out.printf("%s: held-out AUC federated %.4f (exact %.4f), pooled %.4f (exact %.4f); accuracy %.4f vs"
                + " %.4f; loss %.4f vs %.4f; n=%.0f%n", label, fed.auc(), fedExact, ref.auc(), refExact,
                fed.accuracy(), ref.accuracy(), fed.loss(), ref.loss(), fed.n());
        assertThat(federated.round()).isEqualTo(rounds);
        assertThat(fed.n()).isEqualTo(f.pooledTest().size());
        // histogram AUC agrees with the rank AUC to within the 1000-bin resolution
        assertThat(fed.auc()).isCloseTo(fedExact, within(0.002));
        assertThat(ref.auc()).isCloseTo(refExact, within(0.002));
        assertThat(fed.auc()).isCloseTo(ref.auc(), within(tolerance));
        assertThat(fed.auc()).isGreaterThan(0.75);
    }
}
