package org.fedra.node.inventory;

import org.fedra.node.fhir.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts per resource type and per coded concept, coarsened per the node's {@link DisclosureSettings}:
 * entries covering fewer patients than the minimum are suppressed, the rest are rounded. Consents are not
 * inventoried (they are governance, not data). Producing a snapshot is cheap and side-effect free; sending
 * snapshots in batches on an interval is the caller's job, so that the catalog never sees single changes.
 */
public final class DataInventory {
    private final DataSource dataSource;
    private final DisclosureSettings settings;
    private final Clock clock;

    private final org.fedra.node.projection.AnalyticProjection projection;

    public DataInventory(DataSource dataSource, DisclosureSettings settings, Clock clock) {
        this(dataSource, settings, clock, null);
    }

    /**
     * @param projection where the per-code counts are taken (brought in step with the store first), null to count the
     *                   store's index directly
     */
    public DataInventory(DataSource dataSource, DisclosureSettings settings, Clock clock, org.fedra.node.projection.AnalyticProjection projection) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.projection = projection;
    }

    public InventorySnapshot snapshot() {
        List<InventoryEntry> entries = new ArrayList<>();
        int suppressed = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("SELECT resource_type, COUNT(*), COUNT(DISTINCT patient_id) FROM fhir_resource"
                    + " WHERE resource_type <> 'Consent' GROUP BY resource_type ORDER BY resource_type");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (add(entries, rs.getString(1), null, null, rs.getLong(2), rs.getLong(3))) suppressed++;
                }
            }
            if (projection != null) {
                // the per-code counts scan every fact: the column store does that in a fraction of the row store's time
                projection.ensureCurrent();
                for (var count : projection.codeCounts()) {
                    if (add(entries, count.resourceType(), count.system(), count.code(), count.resources(), count.patients())) suppressed++;
                }
                return new InventorySnapshot(clock.instant(), entries, suppressed);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT resource_type, code_system, code, COUNT(DISTINCT resource_id),"
                    + " COUNT(DISTINCT patient_id) FROM fhir_index WHERE code IS NOT NULL AND resource_type NOT IN ('Consent', 'Patient')"
                    + " GROUP BY resource_type, code_system, code ORDER BY resource_type, code_system, code");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (add(entries, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5))) suppressed++;
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("taking the inventory failed", e);
        }
        return new InventorySnapshot(clock.instant(), entries, suppressed);
    }

    /** Adds the coarsened entry; true if it was suppressed instead. */
    private boolean add(List<InventoryEntry> entries, String type, String system, String code, long resources, long patients) {
        if (patients < settings.minimumPatients()) return true;
        entries.add(new InventoryEntry(type, system, code, settings.round(resources), settings.round(patients)));
        return false;
    }
}
