package org.fedra.hub;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.fedra.protocol.v1.InventoryCount;
import org.fedra.protocol.v1.InventoryReport;

/**
 * The federation's catalog: the latest inventory each node published, for researchers to see what data
 * exists where before they design a study. Holds only what nodes sent, which is already coarsened.
 */
public final class Catalog {
    /** One count of a node: a resource type's total ({@code system} and {@code code} null) or a coded concept. */
    public record Count(String resourceType, String system, String code, long resources, long patients) {
    }

    /** A node's latest published inventory. */
    public record NodeInventory(String nodeId, String organisation, Instant takenAt, Instant receivedAt, int suppressed, List<Count> counts) {
        public NodeInventory {
            counts = List.copyOf(counts);
        }
    }

    private final DataSource db;

    Catalog(DataSource db) {
        this.db = db;
    }

    /** Replaces the node's snapshot with {@code report}, in one transaction. Returns the number of counts stored. */
    int replace(String nodeId, InventoryReport report, Instant receivedAt) {
        for (InventoryCount c : report.getCountsList()) {
            if (c.getResourceType().isBlank() || c.getResources() < 0 || c.getPatients() < 0) {
                throw new IllegalArgumentException("inventory count " + c.getResourceType() + " " + c.getSystem() + "|" + c.getCode() + " is malformed");
            }
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM catalog_entry WHERE node_id = ?")) {
                    s.setString(1, nodeId);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("MERGE INTO catalog (node_id, taken_at, received_at, suppressed) KEY (node_id) VALUES (?,?,?,?)")) {
                    s.setString(1, nodeId);
                    s.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(report.getTakenAtEpochMs())));
                    s.setTimestamp(3, Timestamp.from(receivedAt));
                    s.setInt(4, report.getSuppressed());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO catalog_entry (node_id, resource_type, code_system, code, resources, patients)"
                        + " VALUES (?,?,?,?,?,?)")) {
                    for (InventoryCount e : report.getCountsList()) {
                        s.setString(1, nodeId);
                        s.setString(2, e.getResourceType());
                        s.setString(3, e.getSystem());
                        s.setString(4, e.getCode());
                        s.setLong(5, e.getResources());
                        s.setLong(6, e.getPatients());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the inventory of " + nodeId + ": " + e.getMessage(), e);
        }
        return report.getCountsCount();
    }

    /** Every node's latest inventory, by node id. */
    public List<NodeInventory> list() {
        Map<String, NodeInventory> heads = new LinkedHashMap<>();
        Map<String, List<Count>> counts = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT c.node_id, n.organisation, c.taken_at, c.received_at, c.suppressed FROM catalog c"
                    + " LEFT JOIN nodes n ON n.id = c.node_id ORDER BY c.node_id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new NodeInventory(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(), rs.getInt(5), List.of()));
                    counts.put(rs.getString(1), new ArrayList<>());
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT node_id, resource_type, code_system, code, resources, patients FROM catalog_entry"
                    + " ORDER BY node_id, resource_type, code_system, code");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<Count> l = counts.get(rs.getString(1));
                    if (l != null) {
                        String code = rs.getString(4);
                        l.add(new Count(rs.getString(2), code.isEmpty() ? null : rs.getString(3), code.isEmpty() ? null : code, rs.getLong(5), rs.getLong(6)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog: " + e.getMessage(), e);
        }
        List<NodeInventory> out = new ArrayList<>();
        heads.forEach((id, h) -> out.add(new NodeInventory(id, h.organisation(), h.takenAt(), h.receivedAt(), h.suppressed(), counts.get(id))));
        return out;
    }
}
