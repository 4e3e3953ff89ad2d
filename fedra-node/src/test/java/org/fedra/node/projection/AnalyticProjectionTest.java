package org.fedra.node.projection;

import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.TestDatabase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projection against the store it derives from: equal facts after a rebuild, after catch-up from the change feed,
 * after reload from its sealed file; a missing, altered, foreign-key or stale file is found and rebuilt; an erasure
 * leaves no trace of the patient in the engine or the file.
 */
class AnalyticProjectionTest {
    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "AES");
    @TempDir
    Path dir;
    private final FhirStore store = new FhirStore(TestDatabase.fresh(), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), List.of());

    private static Patient patient(String id, String gender, String birth) {
        Patient p = new Patient();
        p.setId(id);
        p.setGender(Enumerations.AdministrativeGender.fromCode(gender));
        p.setBirthDateElement(new DateType(birth));
        return p;
    }

    private static Observation hba1c(String id, String patient, double value, String at) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", "4548-4", null)));
        o.setSubject(new Reference("Patient/" + patient));
        o.setEffective(new DateTimeType(at));
        o.setValue(new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode("%").setUnit("%"));
        return o;
    }

    private void storeTwoPatients() {
        List<Resource> rs = new ArrayList<>();
        rs.add(patient("p1", "female", "1960-03-04"));
        rs.add(patient("p2", "male", "1975"));
        rs.add(hba1c("o1", "p1", 6.1, "2025-05-01T08:30:00Z"));
        rs.add(hba1c("o2", "p1", 7.4, "2025-09-01T08:30:00.123Z"));
        rs.add(hba1c("o3", "p2", 5.2, "2025-06-01"));
        store.upsertAll(rs);
    }

    /** A fact as text, to compare the projection with the store's index. */
    private static Set<String> facts(java.util.function.Consumer<java.util.function.Consumer<FhirStore.IndexedFact>> source) {
        Set<String> out = new TreeSet<>();
        source.accept(f -> out.add(f.toString()));
        return out;
    }

    private Set<String> storeFacts() {
        return facts(c -> store.forEachFact("Observation", null, null, c));
    }

    private static Set<String> projectionFacts(AnalyticProjection p) {
        return facts(c -> p.forEachFact("Observation", null, null, c));
    }

    private static Set<String> patients(AnalyticProjection p) {
        Set<String> out = new TreeSet<>();
        p.forEachPatient(d -> out.add(d.toString()));
        return out;
    }

    private AnalyticProjection projection(Path file) {
        return new AnalyticProjection(store, file, KEY, new SecureRandom());
    }

    @Test
    void holdsExactlyTheStoresFactsAndDemographicsAndSurvivesAReloadFromItsSealedFile() throws Exception {
        storeTwoPatients();
        Path file = dir.resolve("projection.sealed");
        try (AnalyticProjection p = projection(file)) {
            assertThat(p.ensureCurrent()).isEqualTo(store.generation());
            assertThat(p.lastRepair()).as("first start: no file yet").contains("no projection file");
            assertThat(projectionFacts(p)).hasSize(3).isEqualTo(storeFacts());
            assertThat(patients(p)).containsExactly(
                    new Demographics("p1", "female", LocalDate.of(1960, 3, 4)).toString(),
                    new Demographics("p2", "male", LocalDate.of(1975, 1, 1)).toString());
        }
        byte[] sealed = Files.readAllBytes(file);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).as("nothing readable at rest")
                .doesNotContain("4548-4").doesNotContain("p1").doesNotContain("female");
        try (AnalyticProjection p = projection(file)) {
            p.ensureCurrent();
            assertThat(p.lastRepair()).as("loaded, not rebuilt").isEmpty();
            assertThat(projectionFacts(p)).isEqualTo(storeFacts());
            assertThat(patients(p)).hasSize(2);
        }
    }

    @Test
    void catchesUpFromTheChangeFeedAndNeverAnswersBehindTheStore() throws Exception {
        storeTwoPatients();
        try (AnalyticProjection p = projection(null)) {
            p.ensureCurrent();
            long before = p.generation();
            // another writer (the command line importing into a running node) on the same database
            FhirStore other = new FhirStore(store.dataSource(), Clock.systemUTC(), List.of());
            other.upsertAll(List.of(patient("p3", "female", "2001-12-31"), hba1c("o4", "p3", 9.9, "2025-12-01T00:00:00Z"),
                    hba1c("o1", "p1", 6.3, "2025-05-01T08:30:00Z")));
            assertThat(store.generation()).isGreaterThan(before);
            assertThat(p.generation()).as("stale until checked").isEqualTo(before);
            assertThat(p.ensureCurrent()).isEqualTo(store.generation());
            assertThat(p.lastRepair()).as("caught up, not rebuilt").isEmpty();
            assertThat(projectionFacts(p)).hasSize(4).isEqualTo(storeFacts());
            assertThat(projectionFacts(p)).anyMatch(f -> f.contains("value=6.3")).noneMatch(f -> f.contains("value=6.1"));
            long indexRows;
            try (Connection c = store.dataSource().getConnection(); var rs = c.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM fhir_index WHERE patient_id IS NOT NULL")) {
                rs.next();
                indexRows = rs.getLong(1);
            }
            assertThat(p.rowCounts()).as("patients; facts of every type, as the store's index").containsExactly(3, indexRows);
        }
    }

    @Test
    void aMissingAlteredForeignOrStaleFileIsRebuiltWithTheReasonNamed() throws Exception {
        storeTwoPatients();
        Path file = dir.resolve("projection.sealed");
        try (AnalyticProjection p = projection(file)) {
            p.ensureCurrent();
        }
        // altered: one byte of the sealed data flipped
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        try (AnalyticProjection p = projection(file)) {
            p.ensureCurrent();
            assertThat(p.lastRepair()).contains("is corrupt").contains("does not authenticate");
            assertThat(projectionFacts(p)).isEqualTo(storeFacts());
        }
        // truncated
        bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 20));
        try (AnalyticProjection p = projection(file)) {
            p.ensureCurrent();
            assertThat(p.lastRepair()).contains("is corrupt");
            assertThat(projectionFacts(p)).isEqualTo(storeFacts());
        }
        // sealed under another node's key
        try (AnalyticProjection p = new AnalyticProjection(store, file, new SecretKeySpec(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "AES"), new SecureRandom())) {
            p.ensureCurrent();
            assertThat(p.lastRepair()).contains("is corrupt");
        }
        // ahead of the store: the file belongs to another (or restored) database
        Files.delete(file);
        FhirStore fresh = new FhirStore(TestDatabase.fresh(), Clock.systemUTC(), List.of());
        try (AnalyticProjection p = projection(file)) {
            p.ensureCurrent(); // sealed at this store's generation (> 0)
        }
        try (AnalyticProjection p = new AnalyticProjection(fresh, file, KEY, new SecureRandom())) {
            p.ensureCurrent();
            assertThat(p.lastRepair()).contains("ahead of the store");
            assertThat(patients(p)).isEmpty();
        }
    }

    @Test
    void anErasureLeavesNoTraceInTheEngineOrTheFileAndAnotherProcessesErasureForcesARebuild() throws Exception {
        storeTwoPatients();
        Path file = dir.resolve("projection.sealed");
        try (AnalyticProjection p = projection(file)) {
            p.ensureCurrent();
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                store.deletePatient(c, "p1", "e-1");
                c.commit();
            }
            p.erased("p1", "e-1");
            assertThat(patients(p)).noneMatch(s -> s.contains("p1"));
            assertThat(projectionFacts(p)).isEqualTo(storeFacts()).hasSize(1);
            // the file was re-sealed by the erasure itself: a process that loads it now never sees p1
            try (AnalyticProjection reader = projection(file)) {
                reader.ensureCurrent();
                assertThat(reader.lastRepair()).as("the erasure it applied is known: no rebuild").isEmpty();
                assertThat(patients(reader)).noneMatch(s -> s.contains("p1"));
            }
            // an erasure by another process, which this projection did not apply: found at the next check, rebuilt
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                store.deletePatient(c, "p2", "e-2");
                c.commit();
            }
            p.ensureCurrent();
            assertThat(p.lastRepair()).contains("erased patients");
            assertThat(patients(p)).isEmpty();
            assertThat(projectionFacts(p)).isEmpty();
        }
    }

    @Test
    void readingBeforeTheFirstCheckIsRefused() {
        try (AnalyticProjection p = projection(null)) {
            assertThatThrownBy(() -> p.forEachPatient(d -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ensureCurrent");
        }
    }
}
