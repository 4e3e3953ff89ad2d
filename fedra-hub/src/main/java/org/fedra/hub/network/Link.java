package org.fedra.hub.network;

import java.util.Objects;

/**
 * A link between two network nodes, usable in both directions. Its available bandwidth is what the network leaves
 * to Fedra (measured or declared) before Fedra's own reservations.
 *
 * @param capacity bits per second the link carries at most
 * @param available bits per second available to Fedra, 0 to {@code capacity}
 * @param delay one-way delay in microseconds
 */
public record Link(String id, String a, String b, long capacity, long available, long delay) {
    public Link {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
    }

    /** The node at the other end from {@code node}. */
    public String opposite(String node) {
        return node.equals(a) ? b : a;
    }

    /** The same link with a new measurement of its available bandwidth and delay. */
    public Link measured(long newAvailable, long newDelay) {
        return new Link(id, a, b, capacity, newAvailable, newDelay);
    }
}
