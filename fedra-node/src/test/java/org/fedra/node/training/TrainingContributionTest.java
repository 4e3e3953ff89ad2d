package org.fedra.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.ClientUpdate;
import org.fedra.learn.fl.Dataset;
import org.fedra.learn.fl.EvaluationSums;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.NodeInstructions;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.TabularTrainer;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.node.analysis.ContributionDeclinedException;
import org.fedra.protocol.analysis.Variable;
import org.fedra.protocol.training.TrainingSpec;
import org.fedra.protocol.training.TrainingStep;
import org.junit.jupiter.api.Test;

/** The node's vectors for each phase of a training job are the library's, on the node's rows. */
class TrainingContributionTest {
    static final TrainingSpec SPEC = new TrainingSpec(List.of(Variable.patient("age"), Variable.patient("sex")),
            Variable.observation("y", "s", "y", null), null, new int[0], 0.25);
    static final Dataset TRAIN = new Dataset(new double[][] {{50, 1}, {60, 0}, {70, 1}, {40, 0}, {55, 1}, {65, 0}},
            new double[] {1, 0, 1, 0, 1, 1});
    static final Dataset TEST = new Dataset(new double[][] {{45, 1}, {75, 0}}, new double[] {0, 1});
    static final TrainingData DATA = new TrainingData(TRAIN, TEST);
    static final double[] MEANS = {56.6, 0.5};
    static final double[] SCALES = {9.9, 0.5};

    @Test
    void standardisationSendsTheSummandsOfTheTrainingRows() {
        double[] v = TrainingContribution.of(TrainingStep.standardisation("job", SPEC, 1), DATA, "node-a", 5, null);
        // [n, sum age, sum sex, sum age^2, sum sex^2]
        assertThat(v).containsExactly(6, 340, 3, 19850, 3);
    }

    @Test
    void anUpdateIsTheLibrarysClientUpdateWithThisNodesSeed() {
        double[] global = {0.1, -0.2, 0.05};
        TrainingStep step = new TrainingStep(TrainingStep.UPDATE, "job", SPEC, 1, 4, global, MEANS, SCALES,
                new TrainingStep.LocalSettings(2, 2, 0.1, 0), Map.of("node-a", 11L, "node-b", 12L), 0, 0);
        double[] v = TrainingContribution.of(step, DATA, "node-a", 5, null);
        NodeInstructions expected = new NodeInstructions(4, "node-a", ModelSpec.logistic(2), global, new TrainingConfig(2, 2, 0.1, 0), 11L, 0, 0);
        assertThat(v).containsExactly(ClientUpdate.compute(expected, new Standardisation(MEANS, SCALES).apply(TRAIN), new TabularTrainer(), null));
        assertThat(v[3]).as("weighted by the 6 training rows").isEqualTo(6);
        assertThat(TrainingContribution.vectorLength(step)).isEqualTo(4);
        assertThatThrownBy(() -> TrainingContribution.of(step, DATA, "node-c", 5, null)).hasMessageContaining("no seed for node node-c");
    }

    @Test
    void evaluationSendsTheEvaluationSumsOfTheHeldOutRows() {
        double[] parameters = {0.3, 0.2, -0.1};
        TrainingStep step = TrainingStep.evaluation("job", SPEC, 1, 2, parameters, MEANS, SCALES);
        double[] v = TrainingContribution.of(step, DATA, "node-a", 1, null);
        double[] expected = EvaluationSums.of(ModelSpec.logistic(2).model(parameters), new Standardisation(MEANS, SCALES).apply(TEST),
                TrainingSpec.EVALUATION_BINS).toVector();
        assertThat(v).containsExactly(expected);
        assertThat(v[1]).isEqualTo(2);
    }

    @Test
    void aNodeWithFewerRowsThanItsMinimumCellDeclines() {
        assertThatThrownBy(() -> TrainingContribution.of(TrainingStep.standardisation("job", SPEC, 1), DATA, "node-a", 10, null))
                .isInstanceOf(ContributionDeclinedException.class).hasMessageContaining("minimum cell size of 10");
        TrainingStep eval = TrainingStep.evaluation("job", SPEC, 1, 0, new double[3], MEANS, SCALES);
        assertThatThrownBy(() -> TrainingContribution.of(eval, DATA, "node-a", 5, null))
                .isInstanceOf(ContributionDeclinedException.class).hasMessageContaining("held-out");
        // no rows at all is no disclosure: the node takes part with zeros
        TrainingData none = new TrainingData(new Dataset(new double[0][], new double[0]), new Dataset(new double[0][], new double[0]));
        assertThat(TrainingContribution.of(TrainingStep.standardisation("job", SPEC, 1), none, "node-a", 10, null)).containsOnly(0);
    }
}
