package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.InvalidResourceException;
import org.fedra.node.fhir.TestDatabase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY;
import static org.hl7.fhir.r4.model.Consent.ConsentProvisionType.PERMIT;

class ConsentEngineTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final FhirStore store = new FhirStore(TestDatabase.fresh(), Clock.fixed(NOW, ZoneOffset.UTC), List.of(ConsentCompiler.RULE));
    private final ConsentEngine engine = new ConsentEngine(store, DefaultPolicy.optInEverywhere());

    private void patient(String id) {
        Patient p = new Patient();
        p.setId(id);
        store.upsert(p);
    }

    private static Observation observation(String id, String patient) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", null)));
        o.setSubject(new Reference("Patient/" + patient));
        return o;
    }

    private ConsentDecision decide(String patient) {
        return engine.decide(patient, Purpose.HEALTHCARE_RESEARCH, "uni", "Observation", NOW);
    }

    @Test
    void decidesFromStoredConsentsAndFallsBackToTheDefaultPolicy() {
        patient("p1");
        patient("p2");
        store.upsert(Consents.research("c1", "p1", "2025-01-01", PERMIT));
        assertThat(decide("p1")).isEqualTo(new ConsentDecision(Effect.PERMIT, "c1", "Consent.provision"));
        assertThat(decide("p2").byDefaultPolicy()).isTrue();
        assertThat(decide("p2").permitted()).isFalse();
    }

    @Test
    void aConsentMadeInactiveOrReplacedStopsDecidingAtOnce() {
        patient("p1");
        Consent c = Consents.research("c1", "p1", "2025-01-01", PERMIT);
        store.upsert(c);
        assertThat(decide("p1").permitted()).isTrue();
        c.setStatus(Consent.ConsentState.INACTIVE);
        store.upsert(c);
        assertThat(decide("p1").byDefaultPolicy()).isTrue();
        c.setStatus(Consent.ConsentState.ACTIVE);
        store.upsert(c);
        store.upsert(Consents.research("c2", "p1", "2025-06-01", DENY));
        assertThat(decide("p1")).isEqualTo(new ConsentDecision(Effect.DENY, "c2", "Consent.provision"));
    }

    @Test
    void refusesAConsentForAnUnknownPatient() {
        assertThatThrownBy(() -> store.upsert(Consents.research("c1", "ghost", "2025-01-01", PERMIT)))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("Consent/c1: refers to Patient/ghost, which is not stored on this node");
        assertThat(store.countByType()).isEmpty();
    }

    @Test
    void refusesMalformedConsentsWithoutHalfApplyingABatch() {
        patient("p1");
        Consent noType = Consents.research("c1", "p1", "2025-01-01", PERMIT);
        noType.getProvision().addProvision().addPurpose(new Coding(Purpose.ACT_REASON, "HMARKT", null));
        Consent unsupported = Consents.research("c2", "p1", "2025-01-01", PERMIT);
        unsupported.getProvision().addProvision().setType(DENY).addData().setReference(new Reference("Observation/x"));
        Consent noDate = Consents.research("c3", "p1", "2025-01-01", PERMIT);
        noDate.setDateTimeElement(null);
        Consent badClass = Consents.research("c4", "p1", "2025-01-01", PERMIT);
        badClass.getProvision().addProvision().setType(DENY).addClass_(new Coding("urn:other", "lab", null));

        assertThatThrownBy(() -> store.upsertAll(List.of(observation("o1", "p1"), noType)))
                .hasMessage("Consent/c1: Consent.provision.provision[0].type is required (permit or deny)");
        assertThatThrownBy(() -> store.upsert(unsupported))
                .hasMessageContaining("Consent.provision.provision[0].data is not supported by Fedra's consent engine");
        assertThatThrownBy(() -> store.upsert(noDate)).hasMessageContaining("Consent.dateTime is required");
        assertThatThrownBy(() -> store.upsert(badClass)).hasMessageContaining("class uses system urn:other");
        assertThat(store.countByType()).containsOnlyKeys("Patient");
        assertThat(decide("p1").byDefaultPolicy()).isTrue();
    }

    @Test
    void filteredViewRefusesConsentResourcesAndHandsOutOnlyPermittedRecords() {
        patient("p1");
        patient("p2");
        store.upsertAll(List.of(observation("o1", "p1"), observation("o2", "p2"),
                Consents.research("c1", "p1", "2025-01-01", PERMIT)));
        PatientAccessLog log = new PatientAccessLog(store.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        TaskContext task = new TaskContext("t", "s", Purpose.HEALTHCARE_RESEARCH, "uni", NOW);
        ConsentFilteredView view = ConsentFilteredView.open(store, engine, log, task);
        assertThat(view.resources("Observation")).extracting(r -> r.getIdElement().getIdPart()).containsExactly("o1");
        assertThat(view.patientIds()).containsExactly("p1");
        assertThatThrownBy(() -> view.resources("Consent")).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.entriesFor("p1")).hasSize(1);
        assertThat(log.entriesFor("p2")).isEmpty();
    }
}
