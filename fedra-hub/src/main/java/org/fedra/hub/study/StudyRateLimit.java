package org.fedra.hub.study;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How many studies one organisation may create on the hub within a sliding window. A burst of new studies is how a
 * researcher probes for an answer refused under an earlier one; the nodes' query auditors already count releases per
 * organisation across all its studies, and this cap bounds what is left: the stewards' attention each study asks for,
 * and the contracts and audit entries a flood of studies would create on every node.
 *
 * @param maxStudies studies one organisation may create within {@code window}, from 1 to {@value #MAX_STUDIES}
 * @param window     the sliding window, from one second to {@link #MAX_WINDOW}
 */
public record StudyRateLimit(int maxStudies, Duration window) {
    /** The largest {@code maxStudies}: large enough for any real use, small enough to stay a limit. */
    public static final int MAX_STUDIES = 100_000;
    /** The longest window. */
    public static final Duration MAX_WINDOW = Duration.ofDays(366);
    /** The hub's default: 20 studies per organisation per hour (declared after the bounds it is checked against). */
    public static final StudyRateLimit DEFAULT = new StudyRateLimit(20, Duration.ofHours(1));

    public StudyRateLimit {
        Objects.requireNonNull(window, "window");
        if (maxStudies < 1 || maxStudies > MAX_STUDIES) {
            throw new IllegalArgumentException("study rate limit: the number of studies must be from 1 to " + MAX_STUDIES + ", not " + maxStudies);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("study rate limit: the window must be from 1 second to " + MAX_WINDOW.toDays() + " days, not " + window);
        }
    }

    /**
     * Whether one more study may be created at {@code now}, given when the organisation created its earlier studies.
     *
     * @param createdAt when the organisation's earlier studies were created (any order; those outside the window are ignored)
     * @return empty if it may; else the refusal, with the moment the oldest study in the window leaves it
     */
    public Optional<Refusal> check(List<Instant> createdAt, Instant now) {
        Instant windowStart = now.minus(window);
        List<Instant> inWindow = createdAt.stream().filter(t -> t.isAfter(windowStart)).sorted().toList();
        if (inWindow.size() < maxStudies) {
            return Optional.empty();
        }
        // the next study fits once enough of the oldest ones have left the window to bring the count below the limit
        Instant resetsAt = inWindow.get(inWindow.size() - maxStudies).plus(window);
        return Optional.of(new Refusal(this, inWindow.size(), resetsAt, retryAfterSeconds(now, resetsAt)));
    }

    /** Whole seconds from {@code now} until {@code resetsAt}, rounded up (an HTTP Retry-After), at least 1. */
    static long retryAfterSeconds(Instant now, Instant resetsAt) {
        long millis = Duration.between(now, resetsAt).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** The limit in words, e.g. "20 studies per 1 hour". */
    public String describe() {
        return maxStudies + (maxStudies == 1 ? " study" : " studies") + " per " + words(window);
    }

    private static String words(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return unit(d.toDays(), "day");
        }
        if (d.toSeconds() % 3_600 == 0) {
            return unit(d.toHours(), "hour");
        }
        if (d.toSeconds() % 60 == 0) {
            return unit(d.toMinutes(), "minute");
        }
        return unit(d.toSeconds(), "second");
    }

    private static String unit(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /**
     * A study the limit refuses.
     *
     * @param inWindow          studies the organisation created within the window
     * @param resetsAt          when the next study fits
     * @param retryAfterSeconds whole seconds until then, rounded up
     */
    public record Refusal(StudyRateLimit limit, int inWindow, Instant resetsAt, long retryAfterSeconds) {}
}
