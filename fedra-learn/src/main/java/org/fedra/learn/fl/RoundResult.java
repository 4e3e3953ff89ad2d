package org.fedra.learn.fl;

import java.util.List;

/**
 * The outcome of one round.
 *
 * @param state the new server state (persist it)
 * @param contributors nodes whose update was used
 * @param epsilon privacy spent after this round at {@code delta} (NaN for a job without DP)
 * @param delta the DP delta (NaN without DP)
 */
public record RoundResult(ServerState state, List<String> contributors, double epsilon, double delta) {
}
