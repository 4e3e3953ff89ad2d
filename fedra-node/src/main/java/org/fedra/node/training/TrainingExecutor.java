package org.fedra.node.training;

import java.security.SecureRandom;
import org.fedra.learn.fl.TrainingControl;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.protocol.analysis.builtin.TrainingAnalysis;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingStep;

/**
 * Federated training on a node. A secure sum of a training job ({@link TrainingStep}: standardisation, update or
 * evaluation) yields this node's vector, which leaves the node only masked. Task {@value PlainUpdate#TASK_TYPE} (a job
 * without secure aggregation, for robust rules) yields this node's update vector itself: an individual release of
 * model-parameter deltas (no patient-level value), audited as one by the pipeline, saying that the hub sees it unmasked.
 * Both read this node's examples with the reader of the job's model family ({@link TrainingDataReaders}) from the
 * consent-filtered view and compute with {@link TrainingContribution}. Model parameters come as tensors in the task's
 * binary attachment (or as JSON numbers from older hubs). Local training stops within one mini-batch, and nothing is
 * released, when the hub cancels the job or the task's deadline passes.
 */
public final class TrainingExecutor implements AnalysisExecutor {
    private final SecureRandom noise = new SecureRandom();

    @Override
    public String analysis() {
        return TrainingAnalysis.NAME;
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        if (AnalysisTask.SECURE_SUM.equals(context.task().step())) {
            TrainingStep step = TrainingStep.fromWire(context.task().parameters(), context.task().attachment());
            double[] v = contribution(context, step);
            context.audit(AuditAction.TRAINING_CONTRIBUTION, "study " + context.study().studyId() + ", training job " + step.jobId() + " round "
                    + step.round() + ": " + step.phase() + " vector of " + v.length + " values computed on the consent-filtered view"
                    + " (to be sent masked only)");
            return new TaskResult.SecureSumVector(v);
        }
        PlainUpdate request = PlainUpdate.of(context.task().parameters(), context.task().attachment());
        TrainingStep step = request.step();
        double[] update = contribution(context, step);
        return new TaskResult.IndividualVector(update, AuditAction.TRAINING_INDIVIDUAL_RELEASE, "study " + request.studyId() + ", training job "
                + step.jobId() + " round " + step.round() + ": update vector of " + update.length + " values (model deltas and example weight)"
                + " released UNMASKED to the hub, individually, for robust aggregation without secure aggregation");
    }

    private double[] contribution(ExecutionContext context, TrainingStep step) {
        LocalExamples<?> data = TrainingDataReaders.read(context.view().records(), step.spec(), step.jobSeed());
        context.checkCancelled();
        return TrainingContribution.of(step, data, context.node().nodeId(), context.node().disclosure().minimumPatients(), noise,
                control(context, step));
    }

    /** Stops local training when the job is cancelled or the task is late, and reports each local epoch to the hub. */
    private static TrainingControl control(ExecutionContext context, TrainingStep step) {
        TrainingControl stop = TrainingContribution.stopWhen(context.cancellation(), context.deadline(), context.clock());
        return new TrainingControl() {
            @Override
            public boolean stopRequested() {
                return stop.stopRequested();
            }

            @Override
            public void epochDone(int epoch, int epochs) {
                context.progress(epoch, epochs, "training job " + step.jobId() + " round " + step.round() + ": local epoch " + epoch + " of " + epochs);
            }
        };
    }
}
