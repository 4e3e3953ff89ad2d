package org.fedra.hub.network;

/**
 * What happened to one reservation when the network changed.
 *
 * @param before its path before the change (or the reason it had none)
 * @param after its path now (or the reason it has none)
 * @param reason why it had to move, for the operator
 */
public record ReservationChange(String reservationId, Kind kind, PathResult before, PathResult after, String reason) {
    /** The kinds of change. */
    public enum Kind {
        /** Its path became unusable and it got another. */
        REROUTED,
        /** Its path became unusable and no other meets its request: flagged, holding no bandwidth. */
        FLAGGED,
        /** It was flagged and has a path again. */
        RESTORED
    }
}
