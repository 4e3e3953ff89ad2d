package org.fedra.node.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fedra.privacy.secagg.SecAggClient;

/**
 * The node's open secure-sum rounds, one per job id, in memory only: a round's client and input vector live from
 * its key step to its unmask step, and a round the hub abandoned expires after {@link #TIME_TO_LIVE}.
 */
public final class SecureSumSessions {
    /** How long an unfinished round is kept. */
    public static final Duration TIME_TO_LIVE = Duration.ofMinutes(15);

    /** One round: the client state machine and the limb vector it will mask. */
    public record Session(String studyId, String organisation, SecAggClient client, double[] limbs, Instant openedAt) {}

    private final Map<String, Session> byRound = new ConcurrentHashMap<>();
    private final Clock clock;

    public SecureSumSessions(Clock clock) {
        this.clock = clock;
    }

    /** Opens a round; a second open of the same round is refused (a replayed key step). */
    public void open(String roundId, String studyId, String organisation, SecAggClient client, double[] limbs) {
        expire();
        if (byRound.putIfAbsent(roundId, new Session(studyId, organisation, client, limbs, clock.instant())) != null) {
            throw new IllegalStateException("secure-sum round " + roundId + " is already open on this node");
        }
    }

    /** The open round, or a clear error when it expired or never started here. */
    public Session get(String roundId) {
        expire();
        Session s = byRound.get(roundId);
        if (s == null) {
            throw new IllegalStateException("no open secure-sum round " + roundId + " on this node (never started here, finished or expired)");
        }
        return s;
    }

    /** Ends a round; returns whether it was open. */
    public boolean close(String roundId) {
        return byRound.remove(roundId) != null;
    }

    /** Number of open rounds. */
    public int open() {
        expire();
        return byRound.size();
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(TIME_TO_LIVE);
        byRound.values().removeIf(s -> s.openedAt().isBefore(cutoff));
    }
}
