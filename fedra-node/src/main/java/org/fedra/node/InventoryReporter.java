package org.fedra.node;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.InventoryEntry;
import org.fedra.node.inventory.InventoryPublisher;
import org.fedra.node.inventory.InventorySnapshot;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.v1.InventoryCount;
import org.fedra.protocol.v1.InventoryReport;
import org.fedra.protocol.v1.NodeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the node's coarsened data inventory to the hub's catalog: on its own timer, at most once per interval and
 * only when the counts changed, as an {@link InventoryReport} over the hub's stream (audited).
 */
final class InventoryReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InventoryReporter.class);

    private final InventoryPublisher publisher;
    private final Consumer<NodeMessage> outbox;
    private final AuditLog audit;
    private final Duration interval;
    /**
     * The inventory has its own thread: counting a large store takes seconds, and a heartbeat that waited behind it would
     * make the hub drop the node as silent in the middle of its tasks.
     */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> NodeRuntime.daemon(r, "node-inventory"));

    /** @param outbox sends a message to the hub; throws when the node is not connected */
    InventoryReporter(NodeDataLayer data, Consumer<NodeMessage> outbox, AuditLog audit, Duration interval, Clock clock) {
        this.outbox = outbox;
        this.audit = audit;
        this.interval = interval;
        this.publisher = new InventoryPublisher(data.inventory(), this::publish, interval, clock, () -> data.store().generation());
    }

    void start() {
        long tick = Math.min(interval.toMillis(), 5_000);
        timer.scheduleWithFixedDelay(this::publishIfDue, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Publishes if the interval has passed and the counts changed; returns whether it did. */
    boolean publishIfDue() {
        try {
            return publisher.tick();
        } catch (RuntimeException e) {
            // not connected or the database is busy: the next tick tries again (a timer task must not throw)
            log.debug("inventory not published: {}", e.getMessage());
            return false;
        }
    }

    /** After an import: publishes at once if the coarsened counts changed; returns whether it did. */
    boolean publishAfterImport() {
        return publisher.importFinished();
    }

    private void publish(InventorySnapshot s) {
        InventoryReport.Builder r = InventoryReport.newBuilder().setTakenAtEpochMs(s.takenAt().toEpochMilli()).setSuppressed(s.suppressed());
        long patients = 0;
        long resources = 0;
        int types = 0;
        for (InventoryEntry e : s.entries()) {
            InventoryCount.Builder c = InventoryCount.newBuilder().setResourceType(e.resourceType()).setResources(e.resources()).setPatients(e.patients());
            if (e.code() != null) {
                c.setSystem(e.system() == null ? "" : e.system()).setCode(e.code());
            } else {
                types++;
                resources += e.resources();
                if (e.resourceType().equals("Patient")) {
                    patients = e.patients();
                }
            }
            r.addCounts(c);
        }
        outbox.accept(NodeMessage.newBuilder().setInventory(r).build());
        audit.append(AuditAction.INVENTORY_PUBLISHED, s.entries().size() + " entries (" + types + " resource types), " + s.suppressed()
                + " suppressed; totals (coarsened): " + patients + " patients, " + resources + " resources");
    }

    /** Stops the timer, letting a snapshot in progress end (it reads the database, which closes next). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
