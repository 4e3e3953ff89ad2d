package org.fedra.hub.network;

import java.util.List;

/**
 * The answer to a {@link PathRequest}: a path, or which constraint cannot be met.
 *
 * @param nodes the path's nodes from source to destination (empty unless {@link Outcome#FOUND})
 * @param links the path's links in order
 * @param delay the path's delay in microseconds; for {@link Outcome#DELAY_EXCEEDED} the least delay possible
 * @param attackProbability the sum of the nodes' {@code P_j} along the path
 * @param message what happened, for the operator
 */
public record PathResult(Outcome outcome, List<String> nodes, List<String> links, long delay,
        double attackProbability, String message) {
    /** Whether a path was found and, if not, why. */
    public enum Outcome {
        FOUND,
        /** Source and destination are not connected at all. */
        NO_ROUTE,
        /** Connected, but not by links with the bandwidth. */
        INSUFFICIENT_BANDWIDTH,
        /** Connected, but not through nodes at or above the security threshold (an endpoint may be below it). */
        BELOW_SECURITY_THRESHOLD,
        /** Each constraint alone can be met, both together cannot. */
        BANDWIDTH_AND_SECURITY,
        /** Paths meet the bandwidth and security threshold, none within the risk bound (multi-criteria variant). */
        RISK_EXCEEDED,
        /** Paths meet the other constraints, the least delay among them exceeds the bound. */
        DELAY_EXCEEDED
    }

    public PathResult {
        nodes = List.copyOf(nodes);
        links = List.copyOf(links);
    }

    public boolean found() {
        return outcome == Outcome.FOUND;
    }

    static PathResult failure(Outcome outcome, String message) {
        return new PathResult(outcome, List.of(), List.of(), -1, Double.NaN, message);
    }

    PathResult withDelay(long leastDelay) {
        return new PathResult(outcome, nodes, links, leastDelay, attackProbability, message);
    }
}
