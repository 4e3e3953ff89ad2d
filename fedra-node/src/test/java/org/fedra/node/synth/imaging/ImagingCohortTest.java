package org.fedra.node.synth.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.fedra.node.onboarding.dicom.DicomInstance;
import org.fedra.node.onboarding.dicom.DicomReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagingCohortTest {
    @TempDir
    Path dir;

    @Test
    void radiographsAreValidDicomThatDcmtkAndTheImporterAccept() throws Exception {
        List<ImagingCohort.GeneratedStudy> studies = new ImagingCohort(ImagingSiteProfile.named("rural-general"),
                ImagingCohort.Kind.CHEST_XRAY, 7, 0.9).write(dir, 4);
        assertEquals(4, studies.size());
        Path f = studies.get(0).files().get(0);
        DicomInstance d = DicomReader.read(Files.readAllBytes(f));
        assertEquals("CR", d.modality());
        assertEquals(studies.get(0).studyUid(), d.studyInstanceUid());
        assertEquals("rural-general-cxr-0001", d.patientId());
        String dump = run("dcmdump", f.toString());
        assertTrue(dump.contains("MONOCHROME1"), dump);
        assertTrue(dump.contains("(0028,0010) US 56"), dump);
        assertDcmtkReadsCleanly(f);
    }

    @Test
    void cardiacCtHasSlicesAndALabelMapThatDcmtkAccepts() throws Exception {
        List<ImagingCohort.GeneratedStudy> studies = new ImagingCohort(ImagingSiteProfile.named("city-university"),
                ImagingCohort.Kind.CARDIAC_CT, 3, 1).write(dir, 2);
        ImagingCohort.GeneratedStudy s = studies.get(0);
        assertEquals(2 * 12, s.files().size());
        assertTrue(s.lvVoxels() > 50, "LV voxels " + s.lvVoxels());
        for (Path f : List.of(s.files().get(0), s.files().get(1))) {
            assertDcmtkReadsCleanly(f);
        }
        assertTrue(run("dcmdump", s.files().get(1).toString()).contains("LABELMAP"));
    }

    @Test
    void sameSeedSameFilesAndEveryPatientDiffers() throws Exception {
        ImagingSiteProfile site = ImagingSiteProfile.named("heart-centre");
        List<ImagingCohort.GeneratedStudy> a = new ImagingCohort(site, ImagingCohort.Kind.CHEST_XRAY, 5, 1).write(dir.resolve("a"), 3);
        List<ImagingCohort.GeneratedStudy> b = new ImagingCohort(site, ImagingCohort.Kind.CHEST_XRAY, 5, 1).write(dir.resolve("b"), 3);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Files.readAllBytes(a.get(i).files().get(0)), Files.readAllBytes(b.get(i).files().get(0)));
        }
        assertEquals(Files.readString(dir.resolve("a/fhir/labels.json")), Files.readString(dir.resolve("b/fhir/labels.json")));
        int[] p1 = ChestXrayPhantom.render(new SplittableRandom(1), site, false);
        int[] p2 = ChestXrayPhantom.render(new SplittableRandom(2), site, false);
        assertNotEquals(java.util.Arrays.toString(p1), java.util.Arrays.toString(p2));
    }

    @Test
    void labelsBundleNamesTheDicomPatientAndStudy() throws Exception {
        List<ImagingCohort.GeneratedStudy> s = new ImagingCohort(ImagingSiteProfile.named("city-university"),
                ImagingCohort.Kind.CHEST_XRAY, 11, 1).write(dir, 2);
        String bundle = Files.readString(dir.resolve("fhir/labels.json"), StandardCharsets.UTF_8);
        assertTrue(bundle.contains("urn:uuid:dicom:city-university-cxr-0001"), bundle);
        assertTrue(bundle.contains("ImagingStudy/dicom-study-" + s.get(0).studyUid()), bundle);
        assertTrue(bundle.contains("\"valueBoolean\":" + s.get(0).lesion()), bundle);
    }

    @Test
    void unknownKindOrSiteIsNamed() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ImagingCohort.Kind.named("mri"));
        assertTrue(e.getMessage().contains("chest-xray, cardiac-ct"));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ImagingSiteProfile.named("x"));
        assertTrue(e.getMessage().contains("city-university"));
    }

    /**
     * dcmtk's dcmdump parses the whole file and warns about anything malformed; dcm2pnm decodes its pixels as an image
     * (it refuses inconsistent Rows/Columns/Bits or short pixel data).
     */
    private void assertDcmtkReadsCleanly(Path f) throws Exception {
        for (String[] cmd : new String[][] {{"dcmdump", f.toString()}, {"dcm2pnm", "+on", f.toString(), dir.resolve("x.png").toString()}}) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), cmd[0] + ": " + out);
            assertFalse(out.contains("W: ") || out.contains("E: "), cmd[0] + ": " + out);
        }
        assertTrue(Files.size(dir.resolve("x.png")) > 100);
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
