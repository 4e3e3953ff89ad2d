package org.fedra.node.cohort;

import org.fedra.protocol.query.CohortQuery;
import org.fedra.node.consent.Consents;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Records a Consent hides from a purpose must read as unknown, not as absent: a NOT over them must not match. */
class HiddenRecordsTest {
    @TempDir
    Path objects;

    @Test
    void aPatientWhoseConditionsAreDeniedIsNotUsableForANegatedCondition() {
        TestNode node = new TestNode(objects, new DisclosureSettings(1, 1));
        Consent conditionsDenied = Consents.research("c-hidden", "hidden", "2025-06-01", Consent.ConsentProvisionType.PERMIT);
        Consents.type(Consents.nested(conditionsDenied.getProvision(), Consent.ConsentProvisionType.DENY), "Condition");
        node.data.store().upsertAll(List.of(woman("hidden"), woman("open"), conditionsDenied));

        CohortQuery q = CohortQuery.parse("{\"and\": [{\"sex\": \"female\"}, {\"not\": {\"condition\": "
                + "{\"system\": \"http://hl7.org/fhir/sid/icd-10\", \"code\": \"I25.1\"}}}]}", LocalDate.of(2026, 1, 1));
        // HRESCH is opt-out on the test node: "open" (no Consent) is usable; "hidden" explicitly denied its Conditions.
        CohortResult r = new CohortEvaluator(node.data).evaluate(q,
                new TaskContext("t1", "s1", Purpose.HEALTHCARE_RESEARCH, "uni", Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(r.patients(FeasibilityCategory.USABLE)).containsExactly("open");
        assertThat(r.patients(FeasibilityCategory.REFUSED)).containsExactly("hidden");
        assertThat(r.count(FeasibilityCategory.NEEDS_CONSENT)).isZero();
        assertThat(r.count(FeasibilityCategory.NOT_ASSESSABLE)).isZero();
    }

    private static Patient woman(String id) {
        Patient p = new Patient();
        p.setId(id);
        p.setGender(Enumerations.AdministrativeGender.FEMALE);
        p.setBirthDateElement(new DateType("1970-05-05"));
        return p;
    }
}
