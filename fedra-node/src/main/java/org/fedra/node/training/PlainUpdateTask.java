package org.fedra.node.training;

import org.fedra.protocol.audit.AuditAction;
import java.security.SecureRandom;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.protocol.training.PlainUpdate;
import org.fedra.protocol.training.TrainingStep;

/**
 * Task {@value PlainUpdate#TASK_TYPE}: this node's local update of one round of a training job that runs without
 * secure aggregation (robust aggregation rules need each node's own update). The study must authorise analysis
 * {@code training}; the update is computed on the consent-filtered view exactly as for a secure sum, and then sent
 * as it is. That is an individual release of model-parameter deltas (no patient-level value), so it is written to the
 * audit log first, saying that the hub sees it unmasked. Local training stops, and nothing is released, when the
 * task's deadline passes or its thread is interrupted (a cancelled job).
 */
public final class PlainUpdateTask implements TaskHandler {
    private final NodeServices services;
    private final SecureRandom noise = new SecureRandom();

    public PlainUpdateTask(NodeServices services) {
        this.services = services;
    }

    @Override
    public String type() {
        return PlainUpdate.TASK_TYPE;
    }

    @Override
    public byte[] handle(TaskInput task) {
        PlainUpdate request = PlainUpdate.fromBytes(task.payload());
        AuthorisedStudy study = services.studies().authorise(request.studyId(), Analyses.TRAINING);
        ConsentFilteredView view = services.data().openView(study.context(task.taskId(), services.clock().instant()));
        TrainingStep step = request.step();
        LocalExamples<?> data = TrainingDataReaders.read(view, step.spec(), step.jobSeed());
        double[] update = TrainingContribution.of(step, data, services.nodeId(), services.disclosure().minimumPatients(), noise,
                TrainingContribution.stopWhenOver(task, services.clock()));
        services.audit().append(AuditAction.TRAINING_INDIVIDUAL_RELEASE, "study " + request.studyId() + ", training job " + step.jobId()
                + " round " + step.round() + ": update vector of " + update.length + " values (model deltas and example weight)"
                + " released UNMASKED to the hub, individually, for robust aggregation without secure aggregation");
        return PlainUpdate.vectorBytes(update);
    }
}
