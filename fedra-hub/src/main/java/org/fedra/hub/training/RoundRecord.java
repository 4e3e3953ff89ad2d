package org.fedra.hub.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One completed round of a training job as the hub stores and releases it.
 *
 * @param round        rounds completed after it (1-based)
 * @param contributors nodes whose update is in the round's secure sum
 * @param dropped      planned nodes that dropped out, with the reason
 * @param evaluatedN   held-out examples of the evaluation, rounded; null when below the minimum cell size
 * @param loss         pooled held-out cross-entropy of the model after the round (NaN when suppressed)
 * @param accuracy     pooled held-out accuracy at threshold 0.5
 * @param auc          pooled held-out AUC from the summed score histograms
 * @param epsilon      DP epsilon spent after this round (NaN without DP)
 * @param delta        the DP delta (NaN without DP)
 */
public record RoundRecord(int round, List<String> contributors, Map<String, String> dropped, Long evaluatedN, double loss,
                          double accuracy, double auc, double epsilon, double delta, Instant startedAt, Instant completedAt) {
    public RoundRecord {
        contributors = List.copyOf(contributors);
        dropped = Map.copyOf(dropped);
    }
}
