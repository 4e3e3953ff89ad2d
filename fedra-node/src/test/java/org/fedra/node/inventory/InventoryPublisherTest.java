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
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FhirStore store = new FhirStore(TestDatabase.fresh(), clock, List.of());
    final List<InventorySnapshot> sent = new ArrayList<>();
    final InventoryPublisher publisher = new InventoryPublisher(new DataInventory(store.dataSource(), new DisclosureSettings(1, 1), clock),
            sent::add, Duration.ofHours(1), clock, store::generation);

    @Test
    void publishesOnTheIntervalOnlyAndOnlyWhatChanged() {
        patient("p1");
        assertThat(publisher.tick()).isTrue();
        patient("p2");
        clock.advance(Duration.ofMinutes(59));
        assertThat(publisher.tick()).isFalse();          // a change, but not due: nothing per change
        clock.advance(Duration.ofMinutes(1));
        assertThat(publisher.tick()).isTrue();           // due and changed
        clock.advance(Duration.ofHours(2));
        assertThat(publisher.tick()).isFalse();          // due, unchanged
        assertThat(patientsSent()).containsExactly(1L, 2L);
    }

    @Test
    void anUnchangedStoreIsNotCountedAgain() throws Exception {
        patient("p1");
        assertThat(publisher.tick()).isTrue();
        // a row written behind the store's back leaves its generation as it was: a count would see it, no count is made
        try (var c = store.dataSource().getConnection(); var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO fhir_resource (resource_type, resource_id, patient_id, version, content_hash, json, last_updated)"
                    + " VALUES ('Patient', 'p2', 'p2', 1, 'x', '{}', CURRENT_TIMESTAMP)");
        }
        clock.advance(Duration.ofHours(2));
        assertThat(publisher.tick()).isFalse();
        patient("p3"); // a write through the store: now the count runs, and sees both
        assertThat(publisher.tick()).isTrue();
        assertThat(patientsSent()).containsExactly(1L, 3L);
    }

    private List<Long> patientsSent() {
        return sent.stream().map(s -> s.entries().get(0).patients()).toList();
    }

    private void patient(String id) {
        Patient p = new Patient();
        p.setId(id);
        store.upsert(p);
    }
}
