package org.fedra.hub.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.fedra.hub.network.PathRequest;
import org.fedra.hub.network.PathResult;
import org.fedra.hub.network.Reservation;

/** The reserved paths in the hub's database (table path_reservation), in the order they were made. */
final class ReservationStore {
    /** Joins a path's ids in one column: the ASCII unit separator, a control character no topology id is expected to hold. */
    private static final String SEP = "\u001f";

    private final DataSource db;

    ReservationStore(DataSource db) {
        this.db = db;
    }

    List<Reservation> load() {
        List<Reservation> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, source, destination, bandwidth, max_delay, min_index, max_risk, outcome,"
                     + " nodes, links, delay, risk, message FROM path_reservation ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                PathRequest request = new PathRequest(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6));
                double maxRisk = rs.getDouble(7);
                if (rs.wasNull()) {
                    maxRisk = Double.NaN;
                }
                double risk = rs.getDouble(12);
                if (rs.wasNull()) {
                    risk = Double.NaN;
                }
                PathResult path = new PathResult(PathResult.Outcome.valueOf(rs.getString(8)), split(rs.getString(9)), split(rs.getString(10)),
                        rs.getLong(11), risk, rs.getString(13));
                out.add(new Reservation(rs.getString(1), request, maxRisk, path));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the path reservations: " + e.getMessage(), e);
        }
        return out;
    }

    void insert(Reservation r, Instant at) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO path_reservation (id, source, destination, bandwidth, max_delay, min_index,"
                     + " max_risk, outcome, nodes, links, delay, risk, message, reserved_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            PathRequest q = r.request();
            s.setString(1, r.id());
            s.setString(2, q.source());
            s.setString(3, q.destination());
            s.setLong(4, q.bandwidth());
            s.setLong(5, q.maxDelay());
            s.setDouble(6, q.minIndex());
            setDouble(s, 7, r.maxRisk());
            setPath(s, 8, r.path());
            s.setTimestamp(14, Timestamp.from(at));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store reservation " + r.id() + ": " + e.getMessage(), e);
        }
    }

    void updatePath(Reservation r) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE path_reservation SET outcome = ?, nodes = ?, links = ?, delay = ?, risk = ?,"
                     + " message = ? WHERE id = ?")) {
            setPath(s, 1, r.path());
            s.setString(7, r.id());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store reservation " + r.id() + ": " + e.getMessage(), e);
        }
    }

    void delete(String id) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM path_reservation WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete reservation " + id + ": " + e.getMessage(), e);
        }
    }

    private static void setPath(PreparedStatement s, int from, PathResult p) throws SQLException {
        s.setString(from, p.outcome().name());
        s.setString(from + 1, String.join(SEP, p.nodes()));
        s.setString(from + 2, String.join(SEP, p.links()));
        s.setLong(from + 3, p.delay());
        setDouble(s, from + 4, p.attackProbability());
        s.setString(from + 5, p.message() == null ? "" : p.message());
    }

    private static void setDouble(PreparedStatement s, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(SEP));
    }
}
