package org.fedra.node.onboarding.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fedra.node.imaging.ImagePreprocessing;
import org.fedra.node.imaging.ImageSetBuilder;
import org.fedra.node.imaging.OrthancPixelSource;
import org.fedra.node.imaging.PixelDecoder;
import org.fedra.node.synth.imaging.ImagingCohort;
import org.fedra.node.synth.imaging.ImagingSiteProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compressed pixel data is decoded by a real Orthanc, never by a decoder of ours. */
class OrthancPixelSourceTest {
    @Test
    void losslessJpegDecodedByOrthancEqualsTheUncompressedOriginalAndUndecodableOnesAreSkipped(@TempDir Path dir) throws Exception {
        assertTrue(OrthancServer.installed(), "Orthanc is not installed (apt-get install orthanc)");
        var studies = new ImagingCohort(ImagingSiteProfile.named("rural-general"), ImagingCohort.Kind.CHEST_XRAY, 5, 1)
                .write(dir.resolve("gen"), 1);
        Path original = studies.get(0).files().get(0);
        Path jpeg = dir.resolve("lossless.dcm");
        Process p = new ProcessBuilder("dcmcjpeg", "+e1", original.toString(), jpeg.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        try (OrthancServer server = new OrthancServer(dir.resolve("orthanc"))) {
            OrthancClient client = new OrthancClient(server.url, Duration.ofSeconds(20));
            client.upload(Files.readAllBytes(jpeg));
            client.upload(Files.readAllBytes(Path.of("/work/shared/data/dicom/SC_rgb_rle.dcm")));
            ImageSetBuilder b = new ImageSetBuilder(ImagePreprocessing.fileWindow(32), new OrthancPixelSource(client));
            assertTrue(b.addLabelled("jpeg", Files.readAllBytes(jpeg), 1));
            assertTrue(!b.addLabelled("rgb", Files.readAllBytes(Path.of("/work/shared/data/dicom/SC_rgb_rle.dcm")), 0));
            // JPEG 2000 that this Orthanc never received: skipped with the reason, the job goes on
            assertTrue(!b.addLabelled("j2k", Files.readAllBytes(Path.of("/work/shared/data/dicom/JPEG2000.dcm")), 0));
            assertEquals(1, b.count());
            assertEquals(2, b.skipped().size());
            assertTrue(b.skipped().get(0).reason().contains("colour"), b.skipped().toString());
            assertTrue(b.skipped().get(1).reason().contains("no longer holds"), b.skipped().toString());
            float[] viaOrthanc = new OrthancPixelSource(client).decode(DicomReader.readImage(Files.readAllBytes(jpeg))).values();
            float[] inJava = PixelDecoder.decode(DicomReader.readImage(Files.readAllBytes(original))).values();
            assertArrayEquals(inJava, viaOrthanc);
        }
    }
}
