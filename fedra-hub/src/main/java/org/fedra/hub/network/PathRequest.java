package org.fedra.hub.network;

import java.util.Objects;

/**
 * A request for a path: from {@code source} to {@code destination}, with {@code bandwidth} bits per second on every
 * link, at most {@code maxDelay} microseconds end to end, through nodes whose security index is at least
 * {@code minIndex} (0 to 100; 0 = classic bandwidth and latency routing). The endpoints must meet the threshold
 * too: traffic that a policy wants kept away from weak nodes must not start or end on one either.
 */
public record PathRequest(String source, String destination, long bandwidth, long maxDelay, double minIndex) {
    /** @throws IllegalArgumentException for a blank endpoint, a negative bandwidth or delay, or an index outside 0..100 */
    public PathRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.isBlank() || destination.isBlank()) {
            throw new IllegalArgumentException("a path request needs a source and a destination");
        }
        if (bandwidth < 0) {
            throw new IllegalArgumentException("required bandwidth must not be negative, was " + bandwidth);
        }
        if (maxDelay < 0) {
            throw new IllegalArgumentException("maximum delay must not be negative, was " + maxDelay);
        }
        if (!(minIndex >= 0 && minIndex <= 100)) {
            throw new IllegalArgumentException("minimum security index must lie in [0, 100], was " + minIndex);
        }
    }

    /** Parses the operator's units: {@code of("A", "B", "100Mbit", "40ms", 80)}. */
    public static PathRequest of(String source, String destination, String bandwidth, String maxDelay,
            double minIndex) {
        return new PathRequest(source, destination, Units.bandwidth(bandwidth), Units.delay(maxDelay), minIndex);
    }
}
