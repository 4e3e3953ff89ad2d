package org.fedra.hub.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.ServerState;
import org.fedra.learn.fl.Standardisation;
import org.fedra.protocol.training.TrainingSpec;

/**
 * A training job as stored on the hub.
 *
 * @param status          running, finished or failed
 * @param state           the server state after {@code state.round()} completed rounds
 * @param standardisation pooled feature scaling, null until the job's first secure sum
 * @param stopReason      why it finished or failed, null while running
 * @param modelId         the registered model once finished
 */
public record TrainingJob(String id, String studyId, String name, TrainingSpec spec, JobConfig config, List<String> nodes,
                          Map<String, String> excluded, String status, ServerState state, Standardisation standardisation,
                          String stopReason, String modelId, Instant createdAt, List<RoundRecord> rounds) {
    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    public TrainingJob {
        nodes = List.copyOf(nodes);
        excluded = Map.copyOf(excluded);
        rounds = List.copyOf(rounds);
    }

    /** Rounds completed. */
    public int roundsDone() {
        return state.round();
    }
}
