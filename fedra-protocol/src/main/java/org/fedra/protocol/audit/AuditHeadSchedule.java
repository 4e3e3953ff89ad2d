package org.fedra.protocol.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * When to send a log's head to the other side again: once the log grew by {@code everyEntries}, or when it changed at
 * all and {@code interval} has passed since the last head sent. (A head also goes out at every connection.)
 */
public final class AuditHeadSchedule {
    /** The defaults of hub and nodes: every 100 entries, or a minute after a change. */
    public static final long EVERY_ENTRIES = 100;
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    private final long everyEntries;
    private final Duration interval;
    private long lastCount = -1;
    private Instant lastAt = Instant.MIN;

    public AuditHeadSchedule(long everyEntries, Duration interval) {
        this.everyEntries = everyEntries;
        this.interval = interval;
    }

    /** Whether a head of {@code count} entries should go out now. */
    public synchronized boolean due(long count, Instant now) {
        if (count == lastCount) {
            return false;
        }
        return lastCount < 0 || count - lastCount >= everyEntries || !now.isBefore(lastAt.plus(interval));
    }

    /** Records that a head of {@code count} entries went out. */
    public synchronized void sent(long count, Instant now) {
        lastCount = count;
        lastAt = now;
    }
}
