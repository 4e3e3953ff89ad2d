package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.Dataset;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.Metrics;
import org.fedra.learn.fl.Model;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.TabularTrainer;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.training.TrainingData;
import org.fedra.protocol.study.Purpose;
import org.fedra.protocol.training.TrainingSpec;

/**
 * The demo's yardstick for federated training: the same model trained to convergence on every hospital's rows pooled
 * in one process (same consent decisions, same held-out split, same standardisation), evaluated on the pooled
 * held-out rows. Only a demo, which sees every hospital's data, can compute it.
 */
record PooledBaseline(double auc, double accuracy, double loss) {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    @SuppressWarnings("unchecked")
    static PooledBaseline of(List<NodeAgent> nodes, String study, String organisation, String modelJson, String configJson) {
        TrainingSpec spec;
        JobConfig config;
        try {
            spec = TrainingSpec.parse(JSON.readTree(modelJson), "$");
            config = JobConfig.fromMap(JSON.convertValue(JSON.readTree(configJson), Map.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        List<Dataset> train = new ArrayList<>();
        List<Dataset> test = new ArrayList<>();
        for (NodeAgent n : nodes) {
            TaskContext ctx = new TaskContext("demo-pooled-baseline", study, Purpose.HEALTHCARE_RESEARCH, organisation, Instant.now());
            TrainingData d = TrainingData.read(n.dataLayer().openView(ctx), spec, config.seed());
            train.add(d.train());
            test.add(d.test());
        }
        Dataset pooledTrain = Dataset.concat(train);
        Standardisation std = Standardisation.fromPooledSums(Standardisation.summands(pooledTrain));
        Dataset x = std.apply(pooledTrain);
        Dataset y = std.apply(Dataset.concat(test));
        ModelSpec logistic = ModelSpec.logistic(spec.features().size());
        double[] start = new double[logistic.parameterCount()];
        double[] delta = new TabularTrainer().train(logistic, start, x, new TrainingConfig(200, 32, 0.05, 0), config.seed()).delta();
        Model m = logistic.model(delta);
        return new PooledBaseline(Metrics.exactAuc(m, y), accuracy(m, y), m.loss(y));
    }

    private static double accuracy(Model m, Dataset d) {
        int right = 0;
        for (int i = 0; i < d.size(); i++) {
            right += (m.predict(d.features()[i]) >= 0.5) == (d.labels()[i] >= 0.5) ? 1 : 0;
        }
        return d.size() == 0 ? Double.NaN : (double) right / d.size();
    }
}
