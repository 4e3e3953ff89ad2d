package org.fedra.node.inventory;

import java.time.Instant;
import java.util.List;

/**
 * What the node publishes to the hub's catalog: coarsened counts only, taken at one instant. Entries below
 * the suppression threshold are absent; {@code suppressed} says how many were left out.
 */
public record InventorySnapshot(Instant takenAt, List<InventoryEntry> entries, int suppressed) {
    public InventorySnapshot {
        entries = List.copyOf(entries);
    }
}
