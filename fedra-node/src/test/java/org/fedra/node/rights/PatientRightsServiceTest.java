package org.fedra.node.rights;

import org.fedra.node.consent.AccessLogEntry;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.inventory.InventoryEntry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientRightsServiceTest {
    @TempDir
    Path objects;
    TestNode node;
    String a, b, c;

    /** Patients a (research consent permit), b (no consent: default opt-out permits HRESCH), c (deny); 2 Observations each. */
    @BeforeEach
    void load() {
        node = new TestNode(objects, new DisclosureSettings(1, 1));
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        String[] names = {"a", "b", "c"};
        for (String p : names) {
            bundle.append(entry("{\"resourceType\":\"Patient\",\"id\":\"" + p + "\",\"identifier\":[{\"system\":\"urn:mrn\",\"value\":\"MRN-" + p + "\"}],\"gender\":\"female\"}"));
            for (int i = 0; i < 2; i++) {
                bundle.append(entry("{\"resourceType\":\"Observation\",\"id\":\"" + p + "-obs" + i + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]},"
                        + "\"subject\":{\"reference\":\"Patient/" + p + "\"},\"valueQuantity\":{\"value\":" + (60 + i) + ",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}"));
            }
        }
        bundle.append(entry(consent("ca", "a", "permit")));
        bundle.append(entry(consent("cc", "c", "deny")).replaceFirst(",$", ""));
        bundle.append("]}");
        var report = node.data.fhirImporter().importBundle(new StringReader(bundle.toString()), "test");
        assertThat(report.problems()).isEmpty();
        a = node.patient("a");
        b = node.patient("b");
        c = node.patient("c");
    }

    private static String entry(String resource) {
        return "{\"resource\":" + resource + "},";
    }

    private static String consent(String id, String patient, String type) {
        return "{\"resourceType\":\"Consent\",\"id\":\"" + id + "\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"research\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"57016-8\"}]}],\"patient\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"dateTime\":\"2025-01-01T00:00:00Z\",\"policyRule\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"OPTIN\"}]},\"provision\":{\"type\":\"" + type + "\"}}";
    }

    private TaskContext task(String id, String study) {
        return new TaskContext(id, study, Purpose.HEALTHCARE_RESEARCH, "uni-research", node.clock.instant());
    }

    private static Set<String> patientsOf(List<Resource> rs) {
        return rs.stream().map(r -> ((org.hl7.fhir.r4.model.Observation) r).getSubject().getReference()).collect(Collectors.toSet());
    }

    @Test
    void aWithdrawalBetweenTwoTasksRemovesExactlyThatPatientFromTheSecondTasksInput() {
        List<Resource> first = node.data.openView(task("t1", "study-1")).resources("Observation");
        assertThat(patientsOf(first)).containsExactlyInAnyOrder("Patient/" + a, "Patient/" + b);
        assertThat(first).hasSize(4);

        node.clock.advance(Duration.ofMinutes(1));
        node.data.rights().withdraw(b);
        node.clock.advance(Duration.ofMinutes(1));

        List<Resource> second = node.data.openView(task("t2", "study-2")).resources("Observation");
        Set<String> firstIds = first.stream().map(r -> r.getIdElement().getIdPart()).collect(Collectors.toSet());
        Set<String> secondIds = second.stream().map(r -> r.getIdElement().getIdPart()).collect(Collectors.toSet());
        Set<String> removed = new java.util.HashSet<>(firstIds);
        removed.removeAll(secondIds);
        assertThat(firstIds).containsAll(secondIds);
        assertThat(removed).hasSize(2);
        assertThat(first.stream().filter(r -> removed.contains(r.getIdElement().getIdPart())).map(r -> ((org.hl7.fhir.r4.model.Observation) r).getSubject().getReference()))
                .containsOnly("Patient/" + b);

        assertThat(node.data.rights().accessLog(b)).extracting(AccessLogEntry::taskId).containsExactly("t1");
        assertThat(node.data.rights().accessLog(a)).extracting(AccessLogEntry::taskId).containsExactly("t1", "t2");
        assertThat(node.data.rights().accessLog(c)).isEmpty();
        AccessLogEntry e = node.data.rights().accessLog(a).get(1);
        assertThat(e.studyId()).isEqualTo("study-2");
        assertThat(e.organisation()).isEqualTo("uni-research");
        assertThat(e.purpose()).isEqualTo(Purpose.HEALTHCARE_RESEARCH.toString());
    }

    @Test
    void withdrawalOverridesAnEarlierPermitForTasksStartingAfterIt() {
        TaskContext before = task("t0", "s");
        node.clock.advance(Duration.ofSeconds(1));
        node.data.rights().withdraw(a);
        assertThat(node.data.consentEngine().decide(a, Purpose.HEALTHCARE_RESEARCH, "uni-research", "Observation", before.startedAt()).permitted()).isTrue();
        var after = node.data.consentEngine().decide(a, Purpose.HEALTHCARE_RESEARCH, "uni-research", "Observation", node.clock.instant());
        assertThat(after.permitted()).isFalse();
        assertThat(after.consentId()).startsWith("withdrawal-");
    }

    @Test
    void exportsThePatientsOwnDataWithTheirIdentifiers() {
        Bundle export = node.data.rights().export(a);
        assertThat(export.getEntry()).hasSize(4);
        Patient p = (Patient) export.getEntryFirstRep().getResource();
        assertThat(p.getIdentifierFirstRep().getSystem()).isEqualTo("urn:mrn");
        assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo("MRN-a");
        assertThat(FhirCodec.context().newJsonParser().encodeResourceToString(export)).contains("\"resourceType\":\"Consent\"");
        assertThat(node.data.rights().findPatient("urn:mrn|MRN-a")).contains(a);
        assertThatThrownBy(() -> node.data.rights().export("nobody")).isInstanceOf(UnknownPatientException.class);
    }

    @Test
    void anErasedPatientIsGoneFromStoreObjectsInventoryAndLaterReads() throws Exception {
        byte[] image = "DICM fake instance of a".getBytes(StandardCharsets.UTF_8);
        String address = node.data.objects().put(image);
        node.data.patientObjects().link(a, address);
        node.data.openView(task("t1", "study-1")).resources("Observation");
        node.data.openView(task("t2", "study-2")).resourcesWithCode("Observation", "http://loinc.org", "8867-4");
        assertThat(inventoryPatients("Observation")).isEqualTo(2 + 1);

        ErasureReceipt receipt = node.data.rights().erase(a);
        assertThat(receipt.resourcesRemoved()).isEqualTo(1 + 2 + 1);
        assertThat(receipt.objectsRemoved()).isEqualTo(1);
        assertThat(receipt.studies()).containsExactly("study-1", "study-2");

        assertThat(node.data.store().ofPatient(a)).isEmpty();
        assertThat(node.data.store().exists("Patient", a)).isFalse();
        assertThat(node.data.objects().get(address)).isEmpty();
        assertThat(node.data.rights().findPatient("urn:mrn|MRN-a")).isEmpty();
        assertThat(inventoryPatients("Observation")).isEqualTo(2);
        assertThat(patientsOf(node.data.openView(task("t3", "study-3")).resources("Observation"))).containsExactly("Patient/" + b);
        assertThatThrownBy(() -> node.data.rights().accessLog(a)).isInstanceOf(UnknownPatientException.class);

        try (Connection conn = node.data.store().dataSource().getConnection();
             ResultSet rs = conn.createStatement().executeQuery("SELECT * FROM erasure_record")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("resources_removed")).isEqualTo(4);
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getObject(i))).doesNotContain(a);
            }
        }
        try (Connection conn = node.data.store().dataSource().getConnection();
             ResultSet rs = conn.createStatement().executeQuery("SELECT COUNT(*) FROM patient_access_log WHERE patient_id = '" + a + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    private long inventoryPatients(String type) {
        return node.data.inventory().snapshot().entries().stream()
                .filter(e -> e.resourceType().equals(type) && e.code() == null).mapToLong(InventoryEntry::patients).sum();
    }
}
