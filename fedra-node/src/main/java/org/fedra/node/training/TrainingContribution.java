package org.fedra.node.training;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.fedra.learn.fl.ClientUpdate;
import org.fedra.learn.fl.ModelArchitecture;
import org.fedra.learn.fl.ModelFamilies;
import org.fedra.learn.fl.ModelFamily;
import org.fedra.learn.fl.NodeInstructions;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.TrainingCancelledException;
import org.fedra.learn.fl.TrainingConfig;
import org.fedra.learn.fl.TrainingControl;
import org.fedra.node.analysis.ContributionDeclinedException;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.training.TrainingStep;

/**
 * A node's vector for one step of a training job (see {@link TrainingStep}), computed from its
 * {@link LocalExamples} by the job's model family (fedra-learn's {@link ModelFamilies}): standardisation summands, the
 * local update ({@link ClientUpdate}, clipped and noised under DP-FedAvg, bounded by the job limits and stoppable
 * through a {@link TrainingControl}) or the evaluation vector of the held-out examples. A node with fewer examples
 * than its minimum cell size (but more than none) declines: its sums would describe a handful of patients.
 */
public final class TrainingContribution {
    private TrainingContribution() {}

    /** The length of the vector a step yields, as the step's model family lays it out. */
    public static int vectorLength(TrainingStep step) {
        ModelArchitecture model = architecture(step);
        return switch (step.phase()) {
            case TrainingStep.STANDARDISATION -> 1 + 2 * model.standardisedInputs();
            case TrainingStep.UPDATE -> model.parameterCount() + 1;
            default -> model.metricLayout().length();
        };
    }

    /** The model of a step, read by its family's codec. */
    public static ModelArchitecture architecture(TrainingStep step) {
        return ModelFamilies.installed().read(step.spec().architecture(), "$.computation.spec");
    }

    /** {@link #of(TrainingStep, LocalExamples, String, int, RandomGenerator, TrainingControl)} that never stops. */
    public static double[] of(TrainingStep step, LocalExamples<?> data, String nodeId, int minimumRows, RandomGenerator noise) {
        return of(step, data, nodeId, minimumRows, noise, TrainingControl.NONE);
    }

    /**
     * @param data        this node's examples, of the step's model family
     * @param nodeId      this node (its shuffling seed is looked up in the step)
     * @param minimumRows the node's minimum cell size
     * @param noise       the node's noise source for distributed DP
     * @param control     stops local training (job cancelled, deadline passed)
     * @throws Failure {@code CANCELLED} when the control stopped training; nothing was computed
     * @throws IllegalArgumentException if the step does not fit its model or asks for more than a job may
     */
    public static double[] of(TrainingStep step, LocalExamples<?> data, String nodeId, int minimumRows, RandomGenerator noise,
                              TrainingControl control) {
        ModelArchitecture model = architecture(step);
        try {
            return compute(ModelFamilies.installed().of(model), model, step, data, nodeId, minimumRows, noise, control);
        } catch (TrainingCancelledException e) {
            throw Failure.cancelled("training job " + step.jobId() + " round " + step.round() + ": " + e.getMessage());
        }
    }

    /**
     * Stops local training once the job is cancelled, the task's deadline has passed (the hub no longer waits for it) or
     * its thread was interrupted (the node is shutting down).
     *
     * @param cancelled the task's cancellation signal
     * @param deadline  the task's deadline, or null for none
     */
    public static TrainingControl stopWhen(BooleanSupplier cancelled, Instant deadline, Clock clock) {
        return () -> cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()
                || (deadline != null && clock.instant().isAfter(deadline));
    }

    private static <A extends ModelArchitecture, D> double[] compute(ModelFamily<A, D> family, ModelArchitecture architecture,
                                                                    TrainingStep step, LocalExamples<?> data, String nodeId,
                                                                    int minimumRows, RandomGenerator noise, TrainingControl control) {
        A model = family.cast(architecture);
        D train = family.data(data.train());
        switch (step.phase()) {
            case TrainingStep.STANDARDISATION -> {
                requireEnough(family.size(train), minimumRows, "training");
                return family.standardisationSummands(model, train);
            }
            case TrainingStep.UPDATE -> {
                requireEnough(family.size(train), minimumRows, "training");
                Long seed = step.seeds().get(nodeId);
                if (seed == null) {
                    throw new IllegalArgumentException("round " + step.round() + " of job " + step.jobId() + " has no seed for node " + nodeId);
                }
                requireParameters(step, model);
                TrainingStep.LocalSettings l = step.local();
                TrainingConfig local = new TrainingConfig(l.localEpochs(), l.batchSize(), l.learningRate(), l.mu()).withinJobLimits();
                NodeInstructions instructions = new NodeInstructions(step.round(), nodeId, model, step.parameters(), local, seed,
                        step.clipNorm(), step.noiseStd());
                return ClientUpdate.compute(instructions, family.standardise(model, standardisation(step), train), family.trainer(),
                        noise, control);
            }
            default -> {
                D test = family.data(data.test());
                requireEnough(family.size(test), minimumRows, "held-out");
                requireParameters(step, model);
                return family.evaluator().evaluate(model, step.parameters(), family.standardise(model, standardisation(step), test));
            }
        }
    }

    private static void requireParameters(TrainingStep step, ModelArchitecture model) {
        if (step.parameters().length != model.parameterCount()) {
            throw new IllegalArgumentException("round " + step.round() + " of job " + step.jobId() + " sends " + step.parameters().length
                    + " parameters, the model " + model + " has " + model.parameterCount());
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
