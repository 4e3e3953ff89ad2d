package org.fedra.hub.network;

import java.util.List;
import java.util.Objects;

/**
 * A path kept for a request, holding its bandwidth on every link of the path, or a request whose path was lost and
 * that could not be rerouted ({@link #flagged()}: it holds no bandwidth and is retried on every change).
 *
 * @param maxRisk the bound on the summed attack probability for the multi-criteria variant, or {@code NaN}
 * @param path the current path, or a result saying why there is none
 */
public record Reservation(String id, PathRequest request, double maxRisk, PathResult path) {
    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(path, "path");
    }

    /** Whether the reservation has no path now. */
    public boolean flagged() {
        return !path.found();
    }

    /** The links it holds bandwidth on (none when flagged). */
    public List<String> links() {
        return path.links();
    }

    boolean riskBounded() {
        return !Double.isNaN(maxRisk);
    }
}
