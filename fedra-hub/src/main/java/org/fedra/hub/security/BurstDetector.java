package org.fedra.hub.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key (a source address, a node id, a study) in a sliding window and says when a key's count reaches
 * the threshold: once per burst (the key must fall back below the threshold before it fires again). Pure: the caller
 * gives the time. Bounded: at most {@code maxKeys} keys are tracked; beyond them, events count under one shared key.
 */
public final class BurstDetector {
    private static final String OTHERS = "(other keys)";
    private final int threshold;
    private final Duration window;
    private final int maxKeys;
    private final Map<String, Deque<Instant>> events = new LinkedHashMap<>();
    private final Map<String, Boolean> firing = new LinkedHashMap<>();

    public BurstDetector(int threshold, Duration window, int maxKeys) {
        if (threshold < 1 || window.isNegative() || window.isZero() || maxKeys < 1) {
            throw new IllegalArgumentException("a burst needs a threshold >= 1, a positive window and room for one key");
        }
        this.threshold = threshold;
        this.window = window;
        this.maxKeys = maxKeys;
    }

    /**
     * Records one event.
     *
     * @return true when this event makes {@code threshold} events of the key within the window and the key was not
     *         already in a burst
     */
    public synchronized boolean record(String key, Instant at) {
        String k = events.containsKey(key) || events.size() < maxKeys ? key : OTHERS;
        Deque<Instant> d = events.computeIfAbsent(k, x -> new ArrayDeque<>());
        while (!d.isEmpty() && !d.peekFirst().plus(window).isAfter(at)) {
            d.pollFirst();
        }
        if (d.isEmpty()) {
            firing.put(k, false); // quiet for a whole window: the last burst is over
        }
        d.addLast(at);
        while (d.size() > threshold) {
            d.pollFirst();
        }
        boolean burst = d.size() >= threshold;
        boolean was = firing.getOrDefault(k, false);
        firing.put(k, burst);
        return burst && !was;
    }

    public int threshold() {
        return threshold;
    }

    public Duration window() {
        return window;
    }
}
