package org.fedra.node.training;

import java.security.SecureRandom;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.protocol.analysis.builtin.TrainingAnalysis;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingStep;

/**
 * Federated training on a node. A secure sum of a training job ({@link TrainingStep}: standardisation, update or
 * evaluation) yields this node's vector, which leaves the node only masked. Task {@value PlainUpdate#TASK_TYPE} (a job
 * without secure aggregation, for robust rules) yields this node's update vector itself: an individual release of
 * model-parameter deltas (no patient-level value), audited as one by the pipeline, saying that the hub sees it unmasked.
 * Both compute with {@link TrainingData} and {@link TrainingContribution} on the consent-filtered view.
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
            TrainingStep step = TrainingStep.fromJson(context.task().parameters());
            double[] v = contribution(context, step);
            context.audit(AuditAction.TRAINING_CONTRIBUTION, "study " + context.study().studyId() + ", training job " + step.jobId() + " round "
                    + step.round() + ": " + step.phase() + " vector of " + v.length + " values computed on the consent-filtered view"
                    + " (to be sent masked only)");
            return new TaskResult.SecureSumVector(v);
        }
        PlainUpdate request = PlainUpdate.fromBytes(JsonCodec.bytes(context.task().parameters()));
        TrainingStep step = request.step();
        double[] update = contribution(context, step);
        return new TaskResult.IndividualVector(update, AuditAction.TRAINING_INDIVIDUAL_RELEASE, "study " + request.studyId() + ", training job "
                + step.jobId() + " round " + step.round() + ": update vector of " + update.length + " values (model deltas and example weight)"
                + " released UNMASKED to the hub, individually, for robust aggregation without secure aggregation");
    }

    private double[] contribution(ExecutionContext context, TrainingStep step) {
        TrainingData data = TrainingData.read(context.view().records(), step.spec(), step.jobSeed());
        context.checkCancelled();
        return TrainingContribution.of(step, data, context.node().nodeId(), context.node().disclosure().minimumPatients(), noise);
    }
}
