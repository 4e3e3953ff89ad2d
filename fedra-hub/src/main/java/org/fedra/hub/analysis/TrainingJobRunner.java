package org.fedra.hub.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.training.TrainingJob;
import org.fedra.hub.training.TrainingJobRequest;
import org.fedra.hub.training.TrainingJobs;
import org.fedra.hub.training.TrainingJson;
import org.fedra.protocol.analysis.builtin.TrainingAnalysis;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;

/**
 * Federated training as a job: starts a training job of the hub's {@link TrainingJobs} (which stores every round and
 * resumes after a hub restart), reports each completed round as the job's progress, cancels the training job when the
 * job is cancelled, and returns the training job's final state. A hub restarted mid-training resumes the training job
 * and this job follows it again.
 */
public final class TrainingJobRunner implements AnalysisRunner<JsonNode> {
    /** How often the training job's stored state is looked at. */
    private static final long POLL_MILLIS = 100;

    @Override
    public String analysis() {
        return TrainingAnalysis.NAME;
    }

    @Override
    public JsonNode run(JsonNode spec, AnalysisContext context) {
        TrainingJob job = context.training().create(context.studyId(), TrainingJobRequest.parse(spec));
        context.started(TrainingJson.job(job));
        return follow(job.id(), context);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public JsonNode resume(JsonNode spec, JsonNode handle, AnalysisContext context) {
        return follow(handle.path("jobId").asText(), context);
    }

    private JsonNode follow(String trainingJobId, AnalysisContext context) {
        TrainingJobs training = context.training();
        int shown = -1;
        while (true) {
            TrainingJob job = training.find(trainingJobId)
                    .orElseThrow(() -> new StudyException(FailureReason.NOT_FOUND, "no training job " + trainingJobId));
            if (job.roundsDone() != shown) {
                shown = job.roundsDone();
                context.progress(shown, job.config().rounds(), progress(job));
            }
            if (!TrainingJob.RUNNING.equals(job.status())) {
                if (TrainingJob.FINISHED.equals(job.status())) {
                    return TrainingJson.job(job);
                }
                throw new StudyException(FailureReason.CONFLICT, "training job " + trainingJobId + " " + job.status() + ": " + job.stopReason());
            }
            if (context.cancelled()) {
                training.cancel(trainingJobId, "its analysis job " + context.jobId() + " was cancelled");
            }
            context.checkCancelled(); // also when the hub stops: the training job then resumes with the next start
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(FailureReason.INTERNAL, "interrupted while following training job " + trainingJobId);
            }
        }
    }

    private static String progress(TrainingJob job) {
        String text = "training job " + job.id() + ": round " + job.roundsDone() + " of at most " + job.config().rounds();
        if (!job.rounds().isEmpty()) {
            var last = job.rounds().get(job.rounds().size() - 1);
            if (!Double.isNaN(last.auc())) {
                text += String.format(Locale.ROOT, ", held-out loss %.4f, AUC %.4f", last.loss(), last.auc());
            }
        }
        return text;
    }
}
