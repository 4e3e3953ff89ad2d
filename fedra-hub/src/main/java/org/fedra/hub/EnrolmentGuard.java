package org.fedra.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.AuditText;
import org.fedra.protocol.audit.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the enrolment call, which anyone who can reach the hub may make, from being a way to fill the hub's disk or its
 * audit log. Failed enrolments are counted per source address: an address with {@code maxFailures} failures within
 * {@code window} is refused without its token being looked at until the oldest of them leaves the window. Refusals are
 * audited, but not one entry each: the first refusal of an address in a window gets its own entry (at most
 * {@code maxEntries} such entries per window, for all addresses together), every other refusal and every rate-limited
 * attempt is counted, and {@link #summarise()} (run every minute, and when the hub stops) writes one entry with the
 * counts. A flood of any size from any number of addresses therefore adds a bounded number of entries.
 */
final class EnrolmentGuard {
    private static final Logger log = LoggerFactory.getLogger(EnrolmentGuard.class);
    /** Addresses tracked at once; when a distributed flood fills the table, new failing addresses are limited until it empties. */
    static final int MAX_ADDRESSES = 10_000;
    /** Addresses named in a summary entry; the rest are counted together. */
    private static final int NAMED_IN_SUMMARY = 10;

    private final AuditLog audit;
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final int maxEntries;

    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Unaudited> unaudited = new LinkedHashMap<>();
    private final Map<String, Instant> auditedSince = new HashMap<>();
    private Instant entriesWindowStart = Instant.MIN;
    private int entriesInWindow;
    private Instant summarySince;

    /** Counts of one address not yet written. */
    private static final class Unaudited {
        long refused;
        long limited;
    }

    EnrolmentGuard(AuditLog audit, Clock clock, int maxFailures, Duration window, int maxEntries) {
        this.audit = audit;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxEntries = maxEntries;
        this.summarySince = clock.instant();
    }

    /** The hub's setting: 10 failures per address in 10 minutes; at most 20 entries of their own per 10 minutes. */
    static EnrolmentGuard defaults(AuditLog audit, Clock clock) {
        return new EnrolmentGuard(audit, clock, 10, Duration.ofMinutes(10), 20);
    }

    /**
     * Whether {@code source} may try now: empty if it may, else how long until it may. A refused attempt is counted for
     * the summary.
     */
    synchronized Optional<Duration> refusedFor(String source) {
        Instant now = clock.instant();
        Deque<Instant> f = failures.get(source);
        if (f == null) {
            if (failures.size() < MAX_ADDRESSES) {
                return Optional.empty();
            }
            count(source).limited++;
            return Optional.of(window);
        }
        while (!f.isEmpty() && !f.peekFirst().plus(window).isAfter(now)) {
            f.pollFirst();
        }
        if (f.size() < maxFailures) {
            return Optional.empty();
        }
        count(source).limited++;
        return Optional.of(Duration.between(now, f.peekFirst().plus(window)));
    }

    private volatile java.util.function.BiConsumer<String, String> onBurst = (source, detail) -> { };

    /** Calls {@code l} with the address and a description when an address's refusals reach the limit (threat detection). */
    void onBurst(java.util.function.BiConsumer<String, String> l) {
        this.onBurst = l;
    }

    /** An enrolment from {@code source} was refused for {@code reason}: counted, and audited within the bounds. */
    void refused(String source, String reason) {
        boolean ownEntry;
        boolean burst = false;
        synchronized (this) {
            Instant now = clock.instant();
            Deque<Instant> f = failures.get(source);
            if (f == null && failures.size() < MAX_ADDRESSES) {
                f = new ArrayDeque<>();
                failures.put(source, f);
            }
            if (f != null) {
                f.addLast(now);
                while (f.size() > maxFailures) {
                    f.pollFirst();
                }
            }
            if (!now.isBefore(entriesWindowStart.plus(window))) {
                entriesWindowStart = now;
                entriesInWindow = 0;
                auditedSince.clear();
            }
            ownEntry = entriesInWindow < maxEntries && !auditedSince.containsKey(source);
            if (ownEntry) {
                entriesInWindow++;
                auditedSince.put(source, now);
            } else {
                count(source).refused++;
            }
            if (f != null && f.size() == maxFailures) {
                burst = true;
                log.warn("enrolment from {} refused {} times within {}; further attempts are refused for a while", AuditText.within(source, 100),
                        maxFailures, window);
            }
        }
        if (ownEntry) {
            audit.append(AuditAction.ENROLMENT_REFUSED, Principal.anonymous(source), AuditText.within(reason, 300));
        }
        if (burst) {
            try {
                onBurst.accept(source, maxFailures + " enrolments from " + AuditText.within(source, 100) + " refused within " + window
                        + " (last: " + AuditText.within(reason, 200) + "); the address is refused for a while");
            } catch (RuntimeException e) {
                log.warn("enrolment burst not raised as an alert: {}", e.getMessage());
            }
        }
    }

    /**
     * Writes one entry with the refusals and rate-limited attempts counted since the last summary, if there were any,
     * and forgets addresses whose failures have all left the window.
     */
    void summarise() {
        String detail;
        synchronized (this) {
            Instant now = clock.instant();
            failures.values().removeIf(f -> f.isEmpty() || !f.peekLast().plus(window).isAfter(now));
            if (unaudited.isEmpty()) {
                summarySince = now;
                return;
            }
            long refused = unaudited.values().stream().mapToLong(u -> u.refused).sum();
            long limited = unaudited.values().stream().mapToLong(u -> u.limited).sum();
            String named = unaudited.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, Unaudited> e) -> e.getValue().refused + e.getValue().limited).reversed())
                    .limit(NAMED_IN_SUMMARY)
                    .map(e -> e.getKey() + ": " + e.getValue().refused + " refused, " + e.getValue().limited + " rate-limited")
                    .collect(Collectors.joining("; "));
            int others = unaudited.size() - Math.min(unaudited.size(), NAMED_IN_SUMMARY);
            detail = (refused + limited) + " enrolment attempts without an entry of their own since " + summarySince + " (" + refused
                    + " refused, " + limited + " rate-limited) from " + unaudited.size() + " address" + (unaudited.size() == 1 ? "" : "es") + ": "
                    + named + (others > 0 ? "; and " + others + " more addresses" : "");
            unaudited.clear();
            summarySince = now;
        }
        audit.append(AuditAction.ENROLMENT_REFUSALS_SUMMARISED, Principal.hub(), detail);
    }

    private Unaudited count(String source) {
        // the summary's table is bounded too: beyond it, a flood from more addresses is counted under one name
        String key = unaudited.containsKey(source) || unaudited.size() < MAX_ADDRESSES ? source : "(other addresses)";
        return unaudited.computeIfAbsent(key, k -> new Unaudited());
    }
}
