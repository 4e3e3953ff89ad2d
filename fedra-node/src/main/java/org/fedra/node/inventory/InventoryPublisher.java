package org.fedra.node.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands inventory snapshots to the hub's catalog in batches: on a fixed interval, never per change, and only
 * when the coarsened counts differ from what was published last (an unchanged inventory is not re-sent).
 * The node calls {@link #tick()} from its scheduler as often as it likes; this class decides whether a
 * publication is due, so that publication times never follow data changes. While the store's generation stays the
 * same the inventory is not even counted: on a store of a million records a count takes long enough to slow the
 * analyses running beside it, every interval, for nothing.
 */
public final class InventoryPublisher {
    private final DataInventory inventory;
    private final Consumer<InventorySnapshot> sink;
    private final Duration interval;
    private final Clock clock;
    private final LongSupplier storeGeneration;
    private Long countedGeneration;
    private Instant lastPublication;
    private List<InventoryEntry> lastEntries;

    /**
     * @param sink     sends a snapshot to the hub (the fabric's channel)
     * @param interval minimum time between two publications
     * @param storeGeneration the store's {@linkplain org.fedra.node.fhir.FhirStore#generation() generation}
     */
    public InventoryPublisher(DataInventory inventory, Consumer<InventorySnapshot> sink, Duration interval, Clock clock,
            LongSupplier storeGeneration) {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
        this.inventory = inventory;
        this.storeGeneration = storeGeneration;
        this.sink = sink;
        this.interval = interval;
        this.clock = clock;
    }

    /** Publishes if the interval has passed and the inventory changed; returns whether it published. */
    public synchronized boolean tick() {
        Instant now = clock.instant();
        if (lastPublication != null && now.isBefore(lastPublication.plus(interval))) return false;
        return publishIfChanged(now);
    }

    /**
     * Publishes now, without waiting for the interval, if the coarsened counts changed: what the node does when an
     * import has finished (an import is a batch, so this still never follows single records); returns whether it
     * published.
     */
    public synchronized boolean importFinished() {
        return publishIfChanged(clock.instant());
    }

    private boolean publishIfChanged(Instant now) {
        long generation = storeGeneration.getAsLong(); // before counting: a write during the count makes the next tick count again
        if (countedGeneration != null && countedGeneration == generation) return false;
        InventorySnapshot s = inventory.snapshot();
        countedGeneration = generation;
        if (Objects.equals(s.entries(), lastEntries)) return false;
        sink.accept(s);
        lastPublication = now;
        lastEntries = s.entries();
        return true;
    }
}
