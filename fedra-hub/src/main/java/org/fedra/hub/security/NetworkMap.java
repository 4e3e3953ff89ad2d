package org.fedra.hub.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.fedra.hub.network.NetworkNode;
import org.fedra.hub.network.PathRequest;
import org.fedra.hub.network.PathResult;
import org.fedra.hub.network.Reservation;
import org.fedra.hub.network.ReservationBook;
import org.fedra.hub.network.ReservationChange;
import org.fedra.hub.network.SecurePathEngine;
import org.fedra.hub.network.Units;
import org.fedra.hub.network.Topology;
import org.fedra.hub.network.TopologyReader;
import org.fedra.privacy.securityindex.Finding;
import org.fedra.privacy.securityindex.NetworkFindings;
import org.fedra.privacy.securityindex.SecurityIndex;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.Failure;

/**
 * The interconnection topology the operator imported, and path computation over it (DESIGN section 7) with every
 * network node's index from the {@link SecurityBoard}: the findings declared in the topology for routers, access
 * nodes and the hub count in the index; a hospital node stands for the Fedra node named by its {@code fedraNode},
 * whose findings come from its posture.
 */
public final class NetworkMap {
    private final DataSource db;
    private final SecurityBoard board;
    private final AuditLog audit;
    private final Clock clock;
    private final ReservationStore store;
    private volatile Topology topology;
    private ReservationBook book;

    public NetworkMap(DataSource db, SecurityBoard board, AuditLog audit, Clock clock) {
        this.db = db;
        this.board = board;
        this.audit = audit;
        this.clock = clock;
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT source, content FROM network_topology ORDER BY id DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                topology = TopologyReader.read(rs.getString(1), rs.getBytes(2));
                board.declare(declared(topology), "topology " + rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the network topology: " + e.getMessage(), e);
        }
        this.store = new ReservationStore(db);
        this.book = ReservationBook.of(store.load());
        // every new assessment (posture, feed, topology import, declared findings) may break a reserved path
        // (a topology import declares its routers' findings, so it comes this way too)
        board.onAssessment(a -> reassess("network changed"));
        reassess("hub started");
    }

    /**
     * Replaces the topology in force. A file that does not read changes nothing.
     *
     * @throws Failure BAD_INPUT naming the file and the place in it
     */
    public Topology importTopology(String source, byte[] content) {
        Topology t = TopologyReader.read(source, content);
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO network_topology (source, imported_at, content) VALUES (?,?,?)")) {
            s.setString(1, source);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.setBytes(3, content);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the network topology: " + e.getMessage(), e);
        }
        topology = t;
        audit.append(AuditAction.TOPOLOGY_IMPORTED, source + ": " + t.nodes().size() + " network nodes, " + t.links().size() + " links");
        board.declare(declared(t), "topology " + source);
        return t;
    }

    public Optional<Topology> topology() {
        return Optional.ofNullable(topology);
    }

    /** The findings declared in a topology for the network nodes that do not report a posture. */
    static NetworkFindings declared(Topology t) {
        Map<String, List<Finding>> byNode = new LinkedHashMap<>();
        for (NetworkNode n : t.nodes().values()) {
            if (n.fedraNode() == null) {
                byNode.put(n.id(), n.declaredFindings());
            }
        }
        return NetworkFindings.of(byNode);
    }

    /**
     * The security index of every topology node: the board's current assessment with each Fedra node renamed to the
     * hospital node that stands for it (the index is the same under the renaming: the formula sums over the network).
     */
    public SecurityIndex index() {
        Topology t = topology;
        NetworkFindings all = board.current().findings();
        Map<String, List<Finding>> byNode = new LinkedHashMap<>();
        for (String n : all.nodeIds()) {
            String name = t == null ? n : t.nodeOfFedraNode(n).map(NetworkNode::id).orElse(n);
            byNode.put(name, all.findings(n));
        }
        return SecurityIndex.of(NetworkFindings.of(byNode).snapshot());
    }

    /**
     * The least-delay path meeting the request, or why none does.
     *
     * @throws Failure CONFLICT without a topology; BAD_INPUT for an endpoint the topology does not have
     */
    public PathResult route(PathRequest request) {
        Topology t = topology;
        if (t == null) {
            throw Failure.conflict("no network topology imported yet: fedra hub topology import FILE");
        }
        for (String end : List.of(request.source(), request.destination())) {
            if (!t.nodes().containsKey(end)) {
                throw Failure.badInput("the topology has no network node '" + end + "'");
            }
        }
        return SecurePathEngine.of(t, index()).route(request);
    }

    /**
     * Like {@link #route(PathRequest)}, and with a finite {@code maxRisk} the multi-criteria variant: least delay with
     * the nodes' attack probabilities summed along the path at most {@code maxRisk}. The bandwidth reserved by kept
     * reservations is not available to it.
     *
     * @param maxRisk the bound on the summed attack probability, or NaN for none
     * @throws Failure BAD_INPUT for a negative bound
     */
    public PathResult route(PathRequest request, double maxRisk) {
        SecurePathEngine engine = engine(request, maxRisk);
        synchronized (this) {
            Map<String, Long> reserved = book.reservedBandwidth();
            return Double.isNaN(maxRisk) ? engine.route(request, reserved) : engine.routeWithinRisk(request, maxRisk, reserved);
        }
    }

    /**
     * Reserves the request's bandwidth along its least-delay path, kept (and rerouted or flagged when the network
     * changes) until released. Without a path nothing is reserved and the result says why.
     *
     * @throws Failure CONFLICT if the id is taken; BAD_INPUT as for {@link #route(PathRequest, double)} or a blank id
     */
    public PathResult reserve(String id, PathRequest request, double maxRisk) {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw Failure.badInput("a reservation needs an id of 1 to 200 characters");
        }
        SecurePathEngine engine = engine(request, maxRisk);
        synchronized (this) {
            ReservationBook.Booking b = book.reserve(id, request, maxRisk, engine);
            if (b.path().found()) {
                store.insert(b.book().reservations().get(id), clock.instant());
                book = b.book();
                audit.append(AuditAction.PATH_RESERVED, "reservation " + id + ": " + Units.formatBandwidth(request.bandwidth()) + " along "
                        + String.join(" > ", b.path().nodes()) + " (" + Units.formatDelay(b.path().delay()) + ")");
            }
            return b.path();
        }
    }

    /**
     * Releases a reservation's bandwidth.
     *
     * @throws Failure NOT_FOUND if there is none with that id
     */
    public synchronized void release(String id) {
        ReservationBook next = book.release(id);
        store.delete(id);
        book = next;
        audit.append(AuditAction.PATH_RELEASED, "reservation " + id);
    }

    /** The reservations, in the order they were made (a flagged one has no path and says why). */
    public synchronized List<Reservation> reservations() {
        return List.copyOf(book.reservations().values());
    }

    /**
     * Checks every reservation against the network of now and reroutes or flags those whose path broke; each change
     * is stored and audited with its reason.
     */
    synchronized List<ReservationChange> reassess(String cause) {
        Topology t = topology;
        if (t == null || book.reservations().isEmpty()) {
            return List.of();
        }
        ReservationBook.Reassessment r = book.reassess(SecurePathEngine.of(t, index()));
        for (ReservationChange c : r.changes()) {
            Reservation now = r.book().reservations().get(c.reservationId());
            store.updatePath(now);
            AuditAction action = switch (c.kind()) {
                case REROUTED -> AuditAction.PATH_REROUTED;
                case FLAGGED -> AuditAction.PATH_FLAGGED;
                case RESTORED -> AuditAction.PATH_RESTORED;
            };
            audit.append(action, "reservation " + c.reservationId() + " (" + cause + "): " + c.reason() + "; "
                    + (now.flagged() ? "no path: " + now.path().message() : "now along " + String.join(" > ", now.path().nodes())));
        }
        book = r.book();
        return r.changes();
    }

    private SecurePathEngine engine(PathRequest request, double maxRisk) {
        if (maxRisk < 0 || Double.isInfinite(maxRisk)) {
            throw Failure.badInput("the maximum summed attack probability must be a finite number >= 0, was " + maxRisk);
        }
        Topology t = topology;
        if (t == null) {
            throw Failure.conflict("no network topology imported yet: fedra hub topology import FILE");
        }
        for (String end : List.of(request.source(), request.destination())) {
            if (!t.nodes().containsKey(end)) {
                throw Failure.badInput("the topology has no network node '" + end + "'");
            }
        }
        return SecurePathEngine.of(t, index());
    }
}
