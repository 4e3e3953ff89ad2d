package org.fedra.node.projection;

import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task reads through the projection and never from a stale one: a patient stored by another writer after the
 * projection was last brought in step is counted by the next task; an erased patient is counted by no later task.
 */
class ProjectionInTasksTest {
    private static final String QUERY = "{\"condition\": {\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I10\"}}";

    @TempDir
    Path objects;

    private static List<org.hl7.fhir.r4.model.Resource> hypertensive(String id) {
        Patient p = new Patient();
        p.setId(id);
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        p.setBirthDateElement(new DateType("1950-01-01"));
        Condition c = new Condition();
        c.setId("c-" + id);
        c.setSubject(new Reference("Patient/" + id));
        c.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10", "I10", null)));
        c.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        return List.of(p, c);
    }

    private static int usable(TestNode node, String task) {
        CohortResult r = new CohortEvaluator(node.data).evaluate(CohortQuery.parse(QUERY, LocalDate.of(2026, 1, 1)),
                new TaskContext(task, "s1", Purpose.HEALTHCARE_RESEARCH, "uni", Instant.parse("2026-01-01T00:00:00Z")));
        return r.count(FeasibilityCategory.USABLE);
    }

    @Test
    void aTaskCountsWhatTheStoreHoldsWhenItStartsNotWhatTheProjectionLastSaw() {
        TestNode node = new TestNode(objects, new DisclosureSettings(1, 1));
        node.data.store().upsertAll(hypertensive("p1")); // HRESCH is opt-out on the test node: usable without a Consent
        assertThat(usable(node, "t1")).isEqualTo(1);
        long seen = node.data.projection().generation();

        // another process (the command line importing into the running node) on the same database
        new FhirStore(node.dataSource, Clock.systemUTC(), List.of()).upsertAll(hypertensive("p2"));
        assertThat(node.data.projection().generation()).as("the projection has not looked yet").isEqualTo(seen);
        assertThat(usable(node, "t2")).isEqualTo(2);
        assertThat(node.data.projection().generation()).isEqualTo(node.data.store().generation());

        node.data.rights().erase("p1");
        assertThat(node.data.projection().lastRepair()).isEmpty();
        assertThat(usable(node, "t3")).isEqualTo(1);
        assertThat(node.data.projection().lastRepair()).as("the erasure removed p1 itself: no rebuild needed").isEmpty();
        node.data.close();
    }
}
