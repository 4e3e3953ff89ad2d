package org.fedra.node.training;

import java.util.random.RandomGenerator;
import org.fedra.learn.fl.ClientUpdate;
import org.fedra.learn.fl.EvaluationSums;
import org.fedra.learn.fl.ModelSpec;
import org.fedra.learn.fl.NodeInstructions;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.TabularTrainer;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.node.analysis.ContributionDeclinedException;
import org.fedra.protocol.training.TrainingSpec;
import org.fedra.protocol.training.TrainingStep;

/**
 * A node's input vector to one secure sum of a training job (see {@link TrainingStep}), computed from its
 * {@link TrainingData} with the federated-learning library: standardisation summands, the local update
 * ({@link ClientUpdate}, clipped and noised under DP-FedAvg) or the evaluation sums of the held-out rows. A node
 * with fewer rows than its minimum cell size (but more than none) declines: its sums would describe a handful of
 * patients.
 */
public final class TrainingContribution {
    private TrainingContribution() {}

    /** The length of the vector a step yields. */
    public static int vectorLength(TrainingStep step) {
        int d = step.spec().features().size();
        return switch (step.phase()) {
            case TrainingStep.STANDARDISATION -> 1 + 2 * d;
            case TrainingStep.UPDATE -> model(step.spec()).parameterCount() + 1;
            default -> 6 + 2 * TrainingSpec.EVALUATION_BINS;
        };
    }

    /** The model architecture of a spec. */
    public static ModelSpec model(TrainingSpec spec) {
        return new ModelSpec(spec.features().size(), spec.hidden());
    }

    /**
     * @param nodeId      this node (its shuffling seed is looked up in the step)
     * @param minimumRows the node's minimum cell size
     * @param noise       the node's noise source for distributed DP
     */
    public static double[] of(TrainingStep step, TrainingData data, String nodeId, int minimumRows, RandomGenerator noise) {
        switch (step.phase()) {
            case TrainingStep.STANDARDISATION -> {
                requireEnough(data.train().size(), minimumRows, "training");
                return Standardisation.summands(data.train());
            }
            case TrainingStep.UPDATE -> {
                requireEnough(data.train().size(), minimumRows, "training");
                Long seed = step.seeds().get(nodeId);
                if (seed == null) {
                    throw new IllegalArgumentException("round " + step.round() + " of job " + step.jobId() + " has no seed for node " + nodeId);
                }
                TrainingStep.LocalSettings l = step.local();
                NodeInstructions instructions = new NodeInstructions(step.round(), nodeId, model(step.spec()), step.parameters(),
                        new TrainingConfig(l.localEpochs(), l.batchSize(), l.learningRate(), l.mu()), seed, step.clipNorm(), step.noiseStd());
                return ClientUpdate.compute(instructions, standardisation(step).apply(data.train()), new TabularTrainer(), noise);
            }
            default -> {
                requireEnough(data.test().size(), minimumRows, "held-out");
                return EvaluationSums.of(model(step.spec()).model(step.parameters()), standardisation(step).apply(data.test()),
                        TrainingSpec.EVALUATION_BINS).toVector();
            }
        }
    }

    private static Standardisation standardisation(TrainingStep step) {
        return new Standardisation(step.means(), step.scales());
    }

    private static void requireEnough(int rows, int minimumRows, String what) {
        if (rows > 0 && rows < minimumRows) {
            throw new ContributionDeclinedException("fewer " + what + " rows than this node's minimum cell size of " + minimumRows
                    + "; it declines to contribute");
        }
    }
}
