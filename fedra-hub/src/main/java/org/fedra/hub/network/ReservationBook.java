package org.fedra.hub.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.protocol.failure.Failure;

/**
 * The reserved paths, each holding its bandwidth on its links. Immutable: reserving, releasing and reassessing return
 * a new book. {@link #reassess} is the pure function the hub runs when an index or a link changes: which
 * reservations lost their path, which were rerouted, which could not be and are flagged, which flagged ones have a
 * path again.
 */
public final class ReservationBook {
    private static final ReservationBook EMPTY = new ReservationBook(Map.of());

    private final Map<String, Reservation> reservations;

    private ReservationBook(Map<String, Reservation> reservations) {
        this.reservations = reservations;
    }

    public static ReservationBook empty() {
        return EMPTY;
    }

    /**
     * A book holding these reservations as they are (e.g. read back from storage), in this order; call
     * {@link #reassess} to check them against the network of now.
     *
     * @throws IllegalArgumentException if two share an id
     */
    public static ReservationBook of(List<Reservation> reservations) {
        Map<String, Reservation> m = new LinkedHashMap<>();
        for (Reservation r : reservations) {
            if (m.put(r.id(), r) != null) {
                throw new IllegalArgumentException("two reservations have id " + r.id());
            }
        }
        return new ReservationBook(Collections.unmodifiableMap(m));
    }

    /** The reservations, in the order they were made. */
    public Map<String, Reservation> reservations() {
        return reservations;
    }

    /** Bits per second reserved on each link (by link id). */
    public Map<String, Long> reservedBandwidth() {
        return reserved(reservations.values());
    }

    private static Map<String, Long> reserved(Iterable<Reservation> rs) {
        Map<String, Long> out = new HashMap<>();
        for (Reservation r : rs) {
            for (String link : r.links()) {
                out.merge(link, r.request().bandwidth(), Long::sum);
            }
        }
        return out;
    }

    /** The result of {@link #reserve}: the new book and the path found (or why there is none). */
    public record Booking(ReservationBook book, PathResult path) {
    }

    /**
     * Reserves a least-delay path for a request (the multi-criteria variant when {@code maxRisk} is not NaN). If no
     * path meets it, nothing is reserved and the book is unchanged.
     *
     * @throws Failure CONFLICT if the id is taken
     */
    public Booking reserve(String id, PathRequest request, double maxRisk, SecurePathEngine engine) {
        if (reservations.containsKey(id)) {
            throw Failure.conflict("reservation " + id + " exists");
        }
        PathResult path = route(request, maxRisk, engine, reservedBandwidth());
        if (!path.found()) {
            return new Booking(this, path);
        }
        Map<String, Reservation> copy = new LinkedHashMap<>(reservations);
        copy.put(id, new Reservation(id, request, maxRisk, path));
        return new Booking(new ReservationBook(Collections.unmodifiableMap(copy)), path);
    }

    /**
     * Without a reservation.
     *
     * @throws Failure NOT_FOUND if there is none with that id
     */
    public ReservationBook release(String id) {
        if (!reservations.containsKey(id)) {
            throw Failure.notFound("no reservation " + id);
        }
        Map<String, Reservation> copy = new LinkedHashMap<>(reservations);
        copy.remove(id);
        return new ReservationBook(Collections.unmodifiableMap(copy));
    }

    /** The new book after a change of the network, and what changed. */
    public record Reassessment(ReservationBook book, List<ReservationChange> changes) {
        public Reassessment {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Checks every reservation against the network as {@code engine} now sees it. A reservation keeps its path while
     * every node is still at or above its threshold, the path is within its delay (and risk) bound, and its links
     * still carry every reservation on them; where a link's available bandwidth fell below what is reserved on it,
     * the newest reservations on it give way first. Reservations that lost their path are rerouted in the order they
     * were made, or flagged; flagged ones get a path again as soon as one meets their request.
     */
    public Reassessment reassess(SecurePathEngine engine) {
        Map<String, Reservation> kept = new LinkedHashMap<>();
        Map<String, String> lost = new LinkedHashMap<>();
        for (Reservation r : reservations.values()) {
            String why = r.flagged() ? null : brokenBy(r, engine);
            if (r.flagged()) {
                lost.put(r.id(), "flagged earlier: " + r.path().message());
            } else if (why != null) {
                lost.put(r.id(), why);
            } else {
                kept.put(r.id(), r);
            }
        }
        evictOverbooked(kept, lost, engine);
        Map<String, Reservation> next = new LinkedHashMap<>(kept);
        List<ReservationChange> changes = new ArrayList<>();
        for (Reservation r : reservations.values()) {
            String why = lost.get(r.id());
            if (why == null) {
                continue;
            }
            PathResult now = route(r.request(), r.maxRisk(), engine, reserved(next.values()));
            next.put(r.id(), new Reservation(r.id(), r.request(), r.maxRisk(), now));
            if (r.flagged() && now.found()) {
                changes.add(new ReservationChange(r.id(), ReservationChange.Kind.RESTORED, r.path(), now, why));
            } else if (!r.flagged()) {
                changes.add(new ReservationChange(r.id(), now.found() ? ReservationChange.Kind.REROUTED
                        : ReservationChange.Kind.FLAGGED, r.path(), now, why));
            }
        }
        // keep the order in which reservations were made
        Map<String, Reservation> ordered = new LinkedHashMap<>();
        reservations.keySet().forEach(id -> ordered.put(id, next.get(id)));
        return new Reassessment(new ReservationBook(Collections.unmodifiableMap(ordered)), changes);
    }

    /** Why a reservation's path no longer meets its request (bandwidth aside), or null if it still does. */
    private static String brokenBy(Reservation r, SecurePathEngine engine) {
        Topology t = engine.topology();
        long delay = 0;
        double risk = 0;
        for (String node : r.path().nodes()) {
            if (!t.nodes().containsKey(node)) {
                return "node " + node + " left the topology";
            }
            if (engine.index(node) < r.request().minIndex()) {
                return "node " + node + " has security index " + String.format(java.util.Locale.ROOT, "%.2f",
                        engine.index(node)) + ", below " + r.request().minIndex();
            }
            risk += engine.attackProbability(node);
        }
        for (String link : r.path().links()) {
            Link l = t.links().get(link);
            if (l == null) {
                return "link " + link + " left the topology";
            }
            delay += l.delay();
        }
        if (delay > r.request().maxDelay()) {
            return "the path's delay rose to " + Units.formatDelay(delay) + ", more than "
                    + Units.formatDelay(r.request().maxDelay());
        }
        if (r.riskBounded() && risk > r.maxRisk()) {
            return "the path's summed attack probability rose to " + risk + ", more than " + r.maxRisk();
        }
        return null;
    }

    /** Moves the newest reservations off links whose available bandwidth no longer carries all of them. */
    private static void evictOverbooked(Map<String, Reservation> kept, Map<String, String> lost,
            SecurePathEngine engine) {
        Map<String, Long> load = reserved(kept.values());
        List<Reservation> newestFirst = new ArrayList<>(kept.values());
        Collections.reverse(newestFirst);
        for (Reservation r : newestFirst) {
            for (String linkId : r.links()) {
                Link l = engine.topology().link(linkId);
                if (load.get(linkId) > l.available()) {
                    kept.remove(r.id());
                    r.links().forEach(x -> load.merge(x, -r.request().bandwidth(), Long::sum));
                    lost.put(r.id(), "link " + linkId + " has " + Units.formatBandwidth(l.available())
                            + " available, less than reserved on it");
                    break;
                }
            }
        }
    }

    private static PathResult route(PathRequest request, double maxRisk, SecurePathEngine engine,
            Map<String, Long> reserved) {
        return Double.isNaN(maxRisk) ? engine.route(request, reserved)
                : engine.routeWithinRisk(request, maxRisk, reserved);
    }
}
