package org.fedra.learn.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepares nodes the way a federation would: standardisation from the SUM of every node's summands (training
 * rows only), applied on every node to its training and held-out rows; evaluation pooled from the nodes'
 * summed {@link EvaluationSums}.
 */
final class FederationFixture {
    final Standardisation standardisation;
    final Map<String, Dataset> train = new LinkedHashMap<>();
    final Map<String, Dataset> test = new LinkedHashMap<>();

    FederationFixture(Map<String, TabularSites.Node> nodes) {
        List<double[]> summands = new ArrayList<>();
        for (TabularSites.Node n : nodes.values()) {
            summands.add(Standardisation.summands(n.train()));
        }
        standardisation = Standardisation.fromPooledSums(EvaluationSums.sum(summands));
        nodes.forEach((name, n) -> {
            train.put(name, standardisation.apply(n.train()));
            test.put(name, standardisation.apply(n.test()));
        });
    }

    Dataset pooledTrain() {
        return Dataset.concat(train.values());
    }

    Dataset pooledTest() {
        return Dataset.concat(test.values());
    }

    /** Held-out metrics pooled from the nodes' summed evaluation vectors. */
    Metrics federatedEvaluation(ModelSpec spec, double[] parameters) {
        Model model = spec.model(parameters);
        List<double[]> vectors = new ArrayList<>();
        for (Dataset d : test.values()) {
            vectors.add(EvaluationSums.of(model, d, EvaluationSums.DEFAULT_BINS).toVector());
        }
        return Metrics.fromSums(EvaluationSums.fromVector(EvaluationSums.sum(vectors)));
    }

    /** Trains on all nodes' rows in one place, with the same trainer, init and epoch count. */
    double[] pooledTraining(ModelSpec spec, JobConfig config, int epochs) {
        double[] w = spec.initialParameters(Seeds.derive(config.seed(), 0, "init"));
        TrainingConfig tc = new TrainingConfig(epochs, config.batchSize(), config.learningRate(), 0);
        LocalUpdate u = new TabularTrainer().train(spec, w, pooledTrain(), tc, config.seed());
        double[] out = w.clone();
        for (int k = 0; k < w.length; k++) {
            out[k] += u.delta()[k];
        }
        return out;
    }

    /** Runs a federated job and returns its final state. */
    ServerState federated(ModelSpec spec, JobConfig config) {
        FederatedTraining training = new FederatedTraining(config, spec, new ArrayList<>(train.keySet()));
        return new InMemoryFederation(training, train, new TabularTrainer()).run(r -> { });
    }
}
