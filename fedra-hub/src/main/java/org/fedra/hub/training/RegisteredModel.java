package org.fedra.hub.training;

import java.time.Instant;
import java.util.List;
import org.fedra.learn.fl.JobConfig;
import org.fedra.learn.fl.Standardisation;
import org.fedra.protocol.training.TrainingSpec;

/**
 * A trained model in the registry, with its lineage.
 *
 * @param version           1 for the first model of {@code name}, counting up
 * @param parameters        the final global parameters (apply {@code standardisation} to features first)
 * @param rounds            per-round metrics and privacy spent
 * @param nodes             nodes that contributed to at least one round
 * @param consentSnapshotAt the start of the last round: consent decisions as of then were honoured
 * @param epsilon           DP epsilon spent (NaN without DP)
 * @param delta             DP delta (NaN without DP)
 */
public record RegisteredModel(String id, String name, int version, String jobId, String studyId, TrainingSpec spec, JobConfig config,
                              double[] parameters, Standardisation standardisation, List<RoundRecord> rounds, List<String> nodes,
                              Instant consentSnapshotAt, double epsilon, double delta, Instant createdAt) {
    public RegisteredModel {
        rounds = List.copyOf(rounds);
        nodes = List.copyOf(nodes);
    }
}
