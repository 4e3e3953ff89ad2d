package org.fedra.hub;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The hub's record of enrolled nodes and their status. */
public final class NodeRegistry {
    private final DataSource db;

    NodeRegistry(DataSource db) {
        this.db = db;
    }

    /** After a restart no stream is open, so no node is online. */
    void markAllOffline() {
        update("UPDATE nodes SET status = 'offline' WHERE status = 'online'");
    }

    void markOnline(String id, String softwareVersion, Instant at) {
        update("UPDATE nodes SET status = 'online', software_version = ?, last_seen = ? WHERE id = ? AND status <> 'revoked'",
                softwareVersion, Timestamp.from(at), id);
    }

    void markSeen(String id, Instant at) {
        update("UPDATE nodes SET last_seen = ? WHERE id = ?", Timestamp.from(at), id);
    }

    void markOffline(String id) {
        update("UPDATE nodes SET status = 'offline' WHERE id = ? AND status = 'online'", id);
    }

    /** Returns false when the node was already revoked. */
    boolean revoke(String id, String reason, Instant at) {
        return update("UPDATE nodes SET status = 'revoked', revoked_at = ?, revocation_reason = ? WHERE id = ? AND status <> 'revoked'",
                Timestamp.from(at), reason, id) == 1;
    }

    public Optional<NodeRecord> find(String id) {
        List<NodeRecord> r = query("SELECT * FROM nodes WHERE id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    public List<NodeRecord> list() {
        return query("SELECT * FROM nodes ORDER BY enrolled_at, id");
    }

    private List<NodeRecord> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<NodeRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new NodeRecord(rs.getString("id"), rs.getString("organisation"), rs.getString("status"),
                            rs.getString("software_version"), instant(rs, "enrolled_at"), instant(rs, "last_seen"),
                            instant(rs, "revoked_at"), rs.getString("revocation_reason"), rs.getString("cert_fingerprint")));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database: " + e.getMessage(), e);
        }
    }

    static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
