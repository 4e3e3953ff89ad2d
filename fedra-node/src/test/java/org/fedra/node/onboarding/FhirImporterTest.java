package org.fedra.node.onboarding;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FhirImporterTest {
    static final String PATIENT = """
            {"resourceType":"Patient","id":"mrn-1","identifier":[{"system":"urn:hospital:mrn","value":"1"}],
             "name":[{"family":"Muster","given":["Erika"]}],"gender":"female","birthDate":"1960-04-02"}""";
    static final String OBSERVATION = """
            {"resourceType":"Observation","id":"obs-1","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"subject":{"reference":"Patient/mrn-1","display":"Erika Muster"},
             "effectiveDateTime":"2024-03-01T10:00:00Z","valueQuantity":{"value":128,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}}""";
    static final String NO_STATUS = """
            {"resourceType":"Observation","id":"obs-2","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/mrn-1"}}""";
    static final String UNKNOWN_PATIENT = """
            {"resourceType":"Condition","id":"cond-1","code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"I10"}]},"subject":{"reference":"Patient/nobody"}}""";
    static final String BAD_CODE = """
            {"resourceType":"Encounter","id":"enc-1","status":"wandering","class":{"code":"AMB"},"subject":{"reference":"Patient/mrn-1"}}""";
    static final String CONSENT_WITHOUT_PROVISION = """
            {"resourceType":"Consent","id":"c-1","status":"active","scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
             "category":[{"coding":[{"system":"http://loinc.org","code":"57016-8"}]}],"patient":{"reference":"Patient/mrn-1"},"dateTime":"2024-01-01"}""";
    static final String CONSENT_FOR_UNKNOWN_PATIENT = """
            {"resourceType":"Consent","id":"c-2","status":"active","scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
             "category":[{"coding":[{"system":"http://loinc.org","code":"57016-8"}]}],"patient":{"reference":"Patient/nobody"},"dateTime":"2024-01-01",
             "provision":{"type":"permit"}}""";

    static String bundle(String type, String... resources) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[");
        for (int i = 0; i < resources.length; i++) {
            if (i > 0) b.append(',');
            b.append("{\"resource\":").append(resources[i]).append('}');
        }
        return b.append("]}").toString();
    }

    @Test
    void storesTheValidEntriesReportsEachInvalidOneAndDoesNotDuplicateOnReRun() {
        TestIngest node = new TestIngest();
        String bundle = bundle("collection", PATIENT, NO_STATUS, OBSERVATION, UNKNOWN_PATIENT, BAD_CODE, CONSENT_WITHOUT_PROVISION,
                CONSENT_FOR_UNKNOWN_PATIENT);
        ImportReport first = node.fhir.importBundle(new StringReader(bundle), "b.json");
        assertThat(first.created()).isEqualTo(2);
        assertThat(first.patients()).isEqualTo(1);
        assertThat(first.problems()).extracting(ImportProblem::position)
                .containsExactly("entry 1", "entry 3", "entry 4", "entry 5", "entry 6");
        assertThat(first.problems().get(0).message()).isEqualTo("Observation/obs-2: Observation.status is required");
        assertThat(first.problems().get(1).message()).startsWith("Condition/cond-1: refers to Patient/").endsWith("which is not stored on this node");
        assertThat(first.problems().get(2).message()).contains("wandering");
        assertThat(first.problems().get(3).message()).contains("Consent.provision is required for research consents");
        assertThat(first.problems().get(4).message()).startsWith("Consent/c-2: refers to Patient/");

        ImportReport second = node.fhir.importBundle(new StringReader(bundle), "b.json");
        assertThat(second.created()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(second.problems()).hasSize(5);
        assertThat(node.store.countByType()).containsExactly(java.util.Map.entry("Observation", 1), java.util.Map.entry("Patient", 1));
    }

    @Test
    void pseudonymisesIdsReferencesAndDirectIdentifiers() {
        TestIngest node = new TestIngest();
        node.fhir.importBundle(new StringReader(bundle("collection", PATIENT, OBSERVATION)), "b.json");
        String pid = node.patient("mrn-1");
        var stored = node.store.ofPatient(pid);
        assertThat(stored).hasSize(2);
        assertThat(stored).allSatisfy(r -> assertThat(r.json()).doesNotContain("Muster").doesNotContain("mrn-1").doesNotContain("urn:hospital:mrn"));
        assertThat(stored.get(1).json()).contains("\"reference\":\"Patient/" + pid + "\"");
        assertThat(node.reidentification.sourcesOf(pid)).containsExactly("Patient/mrn-1", "identifier:urn:hospital:mrn|1");
    }

    @Test
    void resolvesUrnUuidReferencesOfTransactionBundles() {
        TestIngest node = new TestIngest();
        String tx = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:9c1f0a4e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","gender":"male"},
                  "request":{"method":"POST","url":"Patient"}},
                 {"fullUrl":"urn:uuid:9c1f0a4e-0000-4000-8000-000000000002","resource":{"resourceType":"Condition",
                  "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"E11.9"}]},
                  "subject":{"reference":"urn:uuid:9c1f0a4e-0000-4000-8000-000000000001"}},"request":{"method":"POST","url":"Condition"}},
                 {"resource":{"resourceType":"Condition","code":{"text":"x"},"subject":{"reference":"urn:uuid:9c1f0a4e-0000-4000-8000-000000000001"}},
                  "request":{"method":"POST","url":"Condition"}},
                 {"request":{"method":"DELETE","url":"Patient/1"}}]}""";
        ImportReport r = node.fhir.importBundle(new StringReader(tx), "tx.json");
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.problems()).extracting(ImportProblem::toString).containsExactly(
                "entry 2: Condition has neither an id nor a urn:uuid fullUrl, so a re-import could not recognise it",
                "entry 3: request method DELETE is not supported by import (only POST and PUT)");
        assertThat(node.store.withCode("Condition", "http://hl7.org/fhir/sid/icd-10", "E11.9")).singleElement()
                .satisfies(c -> assertThat(c.patientId()).isEqualTo(node.patient("9c1f0a4e-0000-4000-8000-000000000001")));
        assertThat(node.fhir.importBundle(new StringReader(tx), "tx.json").created()).isZero();
    }

    @Test
    void importsNdjsonReportingLines() {
        TestIngest node = new TestIngest();
        String nd = PATIENT.replace("\n", "") + "\n\n" + NO_STATUS.replace("\n", "") + "\n{not json\n" + OBSERVATION.replace("\n", "") + "\n";
        ImportReport r = node.fhir.importNdjson(new StringReader(nd), "x.ndjson");
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.problems()).extracting(ImportProblem::position).containsExactly("line 3", "line 4");
        assertThat(r.problems().get(1).message()).startsWith("not a valid FHIR R4 resource");
    }

    @Test
    void refusesWhatIsNotAnImportableBundle() {
        TestIngest node = new TestIngest();
        assertThatThrownBy(() -> node.fhir.importBundle(new StringReader("{\"resourceType\":\"Patient\"}"), "p.json"))
                .isInstanceOf(ImportFileException.class).hasMessage("p.json: not a FHIR Bundle (resourceType is 'Patient')");
        assertThatThrownBy(() -> node.fhir.importBundle(new StringReader("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}"), "s.json"))
                .isInstanceOf(ImportFileException.class).hasMessageContaining("bundle type 'searchset' cannot be imported");
        assertThatThrownBy(() -> node.fhir.importBundle(new StringReader("{\"resourceType\":"), "t.json"))
                .isInstanceOf(ImportFileException.class).hasMessageStartingWith("t.json: not JSON");
        assertThat(node.store.countByType()).isEmpty();
    }
}
