package org.fedra.node.onboarding.dicom;

import org.fedra.node.fhir.EncryptedObjectStore;
import org.fedra.node.fhir.SharedData;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.onboarding.ImportProblem;
import org.fedra.node.onboarding.ImportReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Needs Debian's {@code orthanc} package (/usr/sbin/Orthanc); .ci/run installs it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrthancImporterTest {
    static final List<String> GOOD = List.of("CT_small", "MR_small", "JPEG2000", "SC_rgb_rle", "image_dfl", "liver_1frame", "rtplan",
            "test-SR", "waveform_ecg");
    /** Same SOP instance as MR_small in other encodings: Orthanc holds one at a time. */
    static final List<String> VARIANTS = List.of("MR_small_implicit", "MR_small_bigendian");
    static final List<String> BROKEN = List.of("MR_truncated", "badVR", "no_meta", "rtplan_truncated");

    @TempDir
    Path dir;
    OrthancServer orthanc;

    @BeforeAll
    void start(@TempDir Path orthancDir) throws Exception {
        if ("true".equals(System.getenv("CI"))) {
            // CI installs the server (.ci/run): there a missing one is a failure, not a skip.
            org.junit.jupiter.api.Assertions.assertTrue(OrthancServer.installed(), "Orthanc is not installed (apt-get install orthanc)");
        }
        assumeTrue(OrthancServer.installed(), "Orthanc is not installed (apt-get install orthanc)");
        orthanc = new OrthancServer(orthancDir);
    }

    @AfterAll
    void stop() throws Exception {
        if (orthanc != null) orthanc.close();
    }

    static byte[] file(String name) throws Exception {
        return Files.readAllBytes(SharedData.dir().resolve("dicom").resolve(name + ".dcm"));
    }

    private OrthancImporter importer(TestNode node, URI url, DicomImportProgress progress) {
        return new OrthancImporter(new OrthancClient(url, Duration.ofSeconds(10)), node.data.ingest(), node.data.objects(),
                node.data.patientObjects(), progress);
    }

    @Test
    void importsEveryGoodFileThroughOrthancRefusesTheBrokenOnesAndResumesAfterAnOutage() throws Exception {
        TestNode node = new TestNode(dir.resolve("objects"), new DisclosureSettings(1, 1));
        OrthancClient client = new OrthancClient(orthanc.url, Duration.ofSeconds(10));
        Map<String, String> orthancIds = new HashMap<>();
        Map<String, String> refusedByOrthanc = new HashMap<>();
        for (String f : concat(GOOD, BROKEN)) {
            try {
                orthancIds.put(f, client.upload(file(f)).path("ID").asText());
            } catch (OrthancException e) {
                refusedByOrthanc.put(f, e.getMessage());
            }
        }
        assertThat(refusedByOrthanc).doesNotContainKeys(GOOD.toArray(String[]::new));
        System.out.println("refused by Orthanc at upload: " + refusedByOrthanc);

        DicomImportProgress progress = new DicomImportProgress(node.data.store().dataSource());
        try (FlakyProxy proxy = new FlakyProxy(orthanc.url)) {
            proxy.failAfterFiles(4);
            assertThatThrownBy(() -> importer(node, proxy.url, progress).importAll())
                    .isInstanceOf(OrthancUnavailableException.class).hasMessageContaining("is unreachable");
            proxy.heal();
            ImportReport report = importer(node, proxy.url, progress).importAll();
            // the broken files Orthanc accepted are refused by the node, each with its reason
            Set<String> brokenInOrthanc = new java.util.HashSet<>(BROKEN);
            brokenInOrthanc.removeAll(refusedByOrthanc.keySet());
            assertThat(report.problems()).hasSize(brokenInOrthanc.size());
            for (String b : brokenInOrthanc) {
                assertThat(report.problems()).extracting(ImportProblem::position).contains("orthanc instance " + orthancIds.get(b));
            }
            System.out.println("refused by the node: " + report.problems());
            for (ImportProblem p : report.problems()) {
                assertThat(p.message()).containsAnyOf("truncated", "invalid value", "no 'DICM' prefix");
            }
            for (String good : GOOD) {
                assertImported(node, good);
            }
            ImportReport again = importer(node, proxy.url, progress).importAll();
            assertThat(again.created() + again.updated()).isZero();
        }
        // the other encodings of MR_small replace it in Orthanc one after the other
        for (String variant : VARIANTS) {
            client.deleteInstance(orthancIds.get("MR_small"));
            orthancIds.put("MR_small", client.upload(file(variant)).path("ID").asText());
            importer(node, orthanc.url, progress).importAll();
            assertImported(node, variant);
        }
        // erasure of the CT patient removes the study, the encrypted object and the import record
        byte[] ct = file("CT_small");
        String ctAddress = EncryptedObjectStore.address(ct);
        String ctPatient = node.data.store().ofType("ImagingStudy").stream()
                .filter(r -> node.data.patientObjects().addressesOf(r.patientId()).contains(ctAddress)).findFirst().orElseThrow().patientId();
        int studiesBefore = node.data.store().ofType("ImagingStudy").size();
        node.data.rights().erase(ctPatient);
        assertThat(node.data.objects().get(ctAddress)).isEmpty();
        assertThat(node.data.store().ofPatient(ctPatient)).isEmpty();
        assertThat(node.data.store().ofType("ImagingStudy")).hasSize(studiesBefore - 1);
        try (var c = node.data.store().dataSource().getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM dicom_import_progress WHERE address = '" + ctAddress + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aPacsThatIsNotThereGivesAClearError() throws Exception {
        TestNode node = new TestNode(dir.resolve("objects2"), new DisclosureSettings(1, 1));
        URI nowhere = URI.create("http://127.0.0.1:" + OrthancServer.freePort() + "/");
        assertThatThrownBy(() -> importer(node, nowhere, new DicomImportProgress(node.data.store().dataSource())).importAll())
                .isInstanceOf(OrthancUnavailableException.class)
                .hasMessageStartingWith("Orthanc at " + nowhere + " is unreachable");
    }

    private static void assertImported(TestNode node, String name) throws Exception {
        byte[] original = file(name);
        DicomInstance dicom = DicomReader.read(original);
        String address = EncryptedObjectStore.address(original);
        assertThat(node.data.objects().get(address)).as(name).hasValueSatisfying(b -> assertThat(b).isEqualTo(original));
        List<StoredResource> studies = node.data.store().ofType("ImagingStudy");
        boolean found = false;
        for (StoredResource r : studies) {
            ImagingStudy s = (ImagingStudy) r.resource();
            for (var se : s.getSeries()) {
                for (var in : se.getInstance()) {
                    if (in.getUid().equals(dicom.sopInstanceUid())) {
                        found = true;
                        assertThat(in.getExtensionString(OrthancImporter.OBJECT_ADDRESS)).as(name).isEqualTo(address);
                        assertThat(se.getModality().getCode()).isEqualTo(dicom.modality());
                        assertThat(node.data.patientObjects().addressesOf(r.patientId())).contains(address);
                    }
                }
            }
        }
        assertThat(found).as(name + " in an ImagingStudy").isTrue();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
