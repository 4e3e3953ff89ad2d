package org.fedra.node.inventory;

import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.MutableClock;
import org.fedra.node.fhir.TestDatabase;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryPublisherTest {
    @Test
    void publishesOnTheIntervalOnlyAndOnlyWhatChanged() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FhirStore store = new FhirStore(TestDatabase.fresh(), clock, List.of());
        List<InventorySnapshot> sent = new ArrayList<>();
        InventoryPublisher publisher = new InventoryPublisher(new DataInventory(store.dataSource(), new DisclosureSettings(1, 1), clock),
                sent::add, Duration.ofHours(1), clock, store::generation);
        patient(store, "p1");
        assertThat(publisher.tick()).isTrue();
        patient(store, "p2");
        clock.advance(Duration.ofMinutes(59));
        assertThat(publisher.tick()).isFalse();          // a change, but not due: nothing per change
        clock.advance(Duration.ofMinutes(1));
        assertThat(publisher.tick()).isTrue();           // due and changed
        clock.advance(Duration.ofHours(2));
        assertThat(publisher.tick()).isFalse();          // due, unchanged
        assertThat(sent).extracting(s -> s.entries().get(0).patients()).containsExactly(1L, 2L);
    }

    @Test
    void anUnchangedStoreIsNotCountedAgain() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FhirStore store = new FhirStore(TestDatabase.fresh(), clock, List.of());
        List<InventorySnapshot> sent = new ArrayList<>();
        InventoryPublisher publisher = new InventoryPublisher(new DataInventory(store.dataSource(), new DisclosureSettings(1, 1), clock),
                sent::add, Duration.ofHours(1), clock, store::generation);
        patient(store, "p1");
        assertThat(publisher.tick()).isTrue();
        // a row written behind the store's back leaves its generation as it was: a count would see it, no count is made
        try (var c = store.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO fhir_resource (resource_type, resource_id, patient_id, version, content_hash, json, last_updated)"
                    + " VALUES ('Patient', 'p2', 'p2', 1, 'x', '{}', CURRENT_TIMESTAMP)");
        }
        clock.advance(Duration.ofHours(2));
        assertThat(publisher.tick()).isFalse();
        store.changed();
        assertThat(publisher.tick()).isTrue();
        assertThat(sent).extracting(s -> s.entries().get(0).patients()).containsExactly(1L, 2L);
    }

    private static void patient(FhirStore store, String id) {
        Patient p = new Patient();
        p.setId(id);
        store.upsert(p);
    }
}
