package org.fedra.node.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceValidationRuleTest {
    /** Expensive to build: one for the class. */
    private static final InstanceValidationRule RULE = new InstanceValidationRule();

    @Test
    void syntheticHospitalDataIsValidAgainstTheR4Profiles() {
        var cohort = new org.fedra.node.synth.SyntheticCohort(org.fedra.node.synth.SiteProfile.heartCentre(), 11);
        for (int i = 0; i < 3; i++) {
            for (var r : cohort.nextPatient()) {
                assertThat(RULE.problems(r)).as(r.fhirType() + "/" + r.getIdElement().getIdPart()).isEmpty();
            }
        }
    }

    @Test
    void refusesWhatOnlyTheProfilesForbidAndAcceptsValidResources() {
        FhirStore store = new FhirStore(TestDatabase.fresh(), Clock.systemUTC(), List.of(RULE));
        Patient p = new Patient();
        p.setId("p1");
        store.upsert(p);
        Observation ok = new Observation();
        ok.setId("o1");
        ok.setStatus(Observation.ObservationStatus.FINAL);
        ok.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        ok.setSubject(new Reference("Patient/p1"));
        ok.setValue(new Quantity().setValue(72).setSystem("http://unitsofmeasure.org").setCode("/min"));
        assertThat(store.upsert(ok)).isEqualTo(UpsertOutcome.CREATED);

        Observation both = ok.copy();
        both.setId("o2");
        both.setDataAbsentReason(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", null)));
        assertThat(ResourceValidator.problems(both)).isEmpty();
        assertThatThrownBy(() -> store.upsert(both)).isInstanceOf(InvalidResourceException.class).hasMessageContaining("obs-6");
        assertThat(store.exists("Observation", "o2")).isFalse();
    }
}
