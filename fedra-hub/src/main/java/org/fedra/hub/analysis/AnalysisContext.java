package org.fedra.hub.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.Release;
import org.fedra.hub.training.TrainingJobs;

/** What an {@link AnalysisRunner} may use for one job, and nothing more. */
public interface AnalysisContext {
    /** The job. */
    String jobId();

    String studyId();

    /** The nodes that accepted the study for this analysis, and the others with their reasons (asked once per job). */
    Participants participants();

    /**
     * Secure sums of this job: each step is a progress event, a cancelled job stops before its next step, and the
     * job's cancellation reaches the nodes working on its tasks.
     */
    SecureSum secureSum();

    /** Sends a task on behalf of this job (a cancelled job's tasks fail at once with reason cancelled). */
    CompletableFuture<List<TaskOutcome>> send(TaskRequest request);

    /** How long a node has for one step of this job. */
    Duration stepDeadline();

    /** Reports how far the job is (shown to whoever follows it). */
    void progress(long done, long total, String message);

    /** Whether someone cancelled the job. */
    boolean cancelled();

    /** @throws org.fedra.protocol.failure.Failure cancelled, when the job was cancelled or the hub is stopping */
    void checkCancelled();

    /**
     * Records the released figures with the study and audits them, before they are returned: the only way a runner
     * releases anything. Refused once the job is cancelled; after it, the job can no longer be cancelled.
     */
    Release recordRelease(String summary, JsonNode figures);

    Clock clock();

    /**
     * Tells whoever waits for the job to start (the older routes) that its work is under way, and what identifies it
     * (e.g. the training job); the handle is kept with the job, for {@link AnalysisRunner#resume}.
     */
    void started(JsonNode handle);

    /** The hub's training jobs (for the training runner). */
    TrainingJobs training();
}
