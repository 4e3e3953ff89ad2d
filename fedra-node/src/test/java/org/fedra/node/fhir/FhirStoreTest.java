package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FhirStoreTest {
    private final FhirStore store = new FhirStore(TestDatabase.fresh(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), List.of());

    private static Observation bp(String id, double systolic) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", "85354-9", "Blood pressure panel")));
        o.setSubject(new Reference("Patient/p1"));
        o.setEffective(new DateTimeType("2024-05-01T08:30:00Z"));
        o.addComponent().setCode(new CodeableConcept(new Coding("http://loinc.org", "8480-6", null)))
                .setValue(new Quantity().setValue(systolic).setSystem("http://unitsofmeasure.org").setCode("mm[Hg]"));
        return o;
    }

    @Test
    void theGenerationRisesWithEveryWriteAlsoThroughAnotherStoreOnTheSameDatabase() throws Exception {
        // another FhirStore on the same database stands for another process (the command line importing into a node)
        FhirStore other = new FhirStore(store.dataSource(), Clock.systemUTC(), List.of());
        long g0 = store.generation();
        Patient p = new Patient();
        p.setId("p1");
        other.upsert(p);
        long g1 = store.generation();
        assertThat(g1).isGreaterThan(g0);
        other.upsert(p);
        assertThat(store.generation()).as("storing identical content changes nothing").isEqualTo(g1);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            other.deletePatient(c, "p1");
            assertThat(store.generation()).as("not before the erasure commits").isEqualTo(g1);
            c.commit();
        }
        assertThat(store.generation()).isGreaterThan(g1);
    }

    @Test
    void upsertsAreIdempotentAndVersioned() {
        Patient p = new Patient();
        p.setId("p1");
        assertThat(store.upsert(p)).isEqualTo(UpsertOutcome.CREATED);
        assertThat(store.upsert(bp("o1", 120))).isEqualTo(UpsertOutcome.CREATED);
        assertThat(store.upsert(bp("o1", 120))).isEqualTo(UpsertOutcome.UNCHANGED);
        assertThat(store.upsert(bp("o1", 135))).isEqualTo(UpsertOutcome.UPDATED);
        assertThat(store.read("Observation", "o1").orElseThrow().version()).isEqualTo(2);
        assertThat(store.countByType()).containsEntry("Observation", 1).containsEntry("Patient", 1);
        assertThat(store.ofPatient("p1")).extracting(StoredResource::resourceType).containsExactly("Patient", "Observation");
    }

    @Test
    void indexesCodesEffectiveDatesValuesAndUnits() throws Exception {
        Patient p = new Patient();
        p.setId("p1");
        store.upsertAll(List.of(p, bp("o1", 110), bp("o1", 120)));
        store.upsert(bp("o1", 135));
        assertThat(store.withCode("Observation", "http://loinc.org", "8480-6")).hasSize(1);
        assertThat(store.withCode("Observation", "http://loinc.org", "85354-9")).hasSize(1);
        List<String> rows = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT code, effective_at, value_num, value_unit, patient_id FROM fhir_index"
                     + " WHERE resource_type = 'Observation' ORDER BY code")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getTimestamp(2).toInstant() + " " + rs.getObject(3) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        }
        assertThat(rows).containsExactly("8480-6 2024-05-01T08:30:00Z 135.0 mm[Hg] p1", "85354-9 2024-05-01T08:30:00Z null null p1");
    }

    @Test
    void refusesInvalidResourcesWithoutWritingAnyOfTheBatch() {
        Patient p = new Patient();
        p.setId("p1");
        Observation noCode = bp("o2", 120);
        noCode.setCode(null);
        noCode.setStatus(null);
        assertThatThrownBy(() -> store.upsertAll(List.of(p, bp("o1", 120), noCode)))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("Observation/o2: Observation.status is required; Observation.code is required");
        Observation orphan = bp("o3", 120);
        orphan.setSubject(new Reference("Group/g1"));
        assertThatThrownBy(() -> store.upsert(orphan))
                .hasMessage("Observation/o3: Observation.subject 'Group/g1' is not a reference of the form Patient/<id>");
        assertThatThrownBy(() -> store.upsert(bp("o4", 1)))
                .hasMessage("Observation/o4: refers to Patient/p1, which is not stored on this node");
        assertThat(store.countByType()).isEmpty();
    }

    @Test
    void parserRejectsUnknownElementsAndInvalidCodes() {
        assertThatThrownBy(() -> FhirCodec.parse("{\"resourceType\":\"Patient\",\"id\":\"x\",\"colour\":\"blue\"}"))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> FhirCodec.parse("{\"resourceType\":\"Patient\",\"gender\":\"sometimes\"}"))
                .isInstanceOf(InvalidResourceException.class).hasMessageContaining("sometimes");
    }
}
