package org.fedra.node.inventory;

import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.TestDatabase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataInventoryTest {
    @Test
    void countsPerTypeAndCodeRoundedWithSmallCountsSuppressed() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        FhirStore store = new FhirStore(TestDatabase.fresh(), clock, List.of());
        List<Resource> rs = new ArrayList<>();
        // 27 patients; 23 with hypertension (I10), 4 with a rare disease (E75.2), patient 0 has I10 twice.
        for (int i = 0; i < 27; i++) {
            Patient p = new Patient();
            p.setId("p" + i);
            rs.add(p);
            rs.add(condition("c" + i, "p" + i, i < 23 ? "I10" : "E75.2"));
        }
        rs.add(condition("extra", "p0", "I10"));
        store.upsertAll(rs);

        InventorySnapshot s = new DataInventory(store.dataSource(), new DisclosureSettings(10, 5), clock).snapshot();
        assertThat(s.takenAt()).isEqualTo(clock.instant());
        assertThat(s.entries()).containsExactly(
                new InventoryEntry("Condition", null, null, 30, 25),
                new InventoryEntry("Patient", null, null, 25, 25),
                new InventoryEntry("Condition", "http://hl7.org/fhir/sid/icd-10", "I10", 25, 25));
        assertThat(s.suppressed()).isEqualTo(1);

        InventorySnapshot exact = new DataInventory(store.dataSource(), new DisclosureSettings(1, 1), clock).snapshot();
        assertThat(exact.entries()).contains(new InventoryEntry("Condition", "http://hl7.org/fhir/sid/icd-10", "E75.2", 4, 4),
                new InventoryEntry("Condition", "http://hl7.org/fhir/sid/icd-10", "I10", 24, 23));

        // the per-code counts from the analytic projection are the store's, entry for entry
        try (var projection = new org.fedra.node.projection.AnalyticProjection(store, null, null, new java.security.SecureRandom())) {
            for (DisclosureSettings d : List.of(new DisclosureSettings(10, 5), new DisclosureSettings(1, 1))) {
                InventorySnapshot direct = new DataInventory(store.dataSource(), d, clock).snapshot();
                InventorySnapshot projected = new DataInventory(store.dataSource(), d, clock, projection).snapshot();
                assertThat(projected.entries()).isEqualTo(direct.entries());
                assertThat(projected.suppressed()).isEqualTo(direct.suppressed());
            }
        }
    }

    private static Condition condition(String id, String patient, String code) {
        Condition c = new Condition();
        c.setId(id);
        c.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10", code, null)));
        c.setSubject(new Reference("Patient/" + patient));
        return c;
    }
}
