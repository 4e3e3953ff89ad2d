package org.fedra.node.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedra.node.onboarding.dicom.DicomReader;
import org.fedra.node.onboarding.dicom.InvalidDicomException;
import org.fedra.node.synth.imaging.ImagingCohort;
import org.fedra.node.synth.imaging.ImagingSiteProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PixelDecoderTest {
    private static final Path SHARED = Path.of("/work/shared/data/dicom");

    private static DecodedImage decode(Path f) throws Exception {
        return PixelDecoder.decode(DicomReader.readImage(Files.readAllBytes(f)));
    }

    @Test
    void littleEndianBigEndianAndImplicitEncodingsOfOneImageDecodeAlike() throws Exception {
        DecodedImage le = decode(SHARED.resolve("MR_small.dcm"));
        DecodedImage be = decode(SHARED.resolve("MR_small_bigendian.dcm"));
        DecodedImage implicit = decode(SHARED.resolve("MR_small_implicit.dcm"));
        assertEquals(64, le.rows());
        assertArrayEquals(le.values(), be.values());
        assertArrayEquals(le.values(), implicit.values());
    }

    @Test
    void ctIsRescaledToHounsfieldUnits() throws Exception {
        DecodedImage ct = decode(SHARED.resolve("CT_small.dcm"));
        assertEquals(128, ct.rows());
        float min = Float.MAX_VALUE;
        for (float v : ct.values()) min = Math.min(min, v);
        assertTrue(min < -500, "air should be far below 0 HU, min " + min);
    }

    @Test
    void compressedPixelDataIsLeftToOrthanc() throws Exception {
        UndecodablePixelsException e = assertThrows(UndecodablePixelsException.class, () -> decode(SHARED.resolve("JPEG2000.dcm")));
        assertTrue(e.needsOrthanc());
        assertTrue(e.getMessage().contains("compressed"), e.getMessage());
    }

    @Test
    void truncatedFileIsRefusedWithTheReason() {
        InvalidDicomException e = assertThrows(InvalidDicomException.class,
                () -> DicomReader.readImage(Files.readAllBytes(SHARED.resolve("MR_truncated.dcm"))));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void phantomRadiographsOfEverySiteDecodeExactlyAndMonochrome1IsInverted(@TempDir Path dir) throws Exception {
        var studies = new ImagingCohort(ImagingSiteProfile.named("rural-general"), ImagingCohort.Kind.CHEST_XRAY, 3, 1)
                .write(dir, 1);
        DecodedImage img = decode(studies.get(0).files().get(0));
        assertTrue(img.inverted());
        assertEquals(56, img.rows());
        assertEquals(430.0 / 56, img.rowSpacing(), 1e-3);
        float[] in = ImagePreprocessing.fileWindow(64).apply(img);
        assertEquals(64 * 64, in.length);
        // the middle of the spine is dense: bright after MONOCHROME1 is undone, the air corner dark
        assertTrue(in[32 * 64 + 32] > in[0], "spine " + in[32 * 64 + 32] + " corner " + in[0]);
    }

    @Test
    void resamplingKeepsAConstantImageConstantAndMasksBinary() {
        float[] flat = new float[7 * 5];
        java.util.Arrays.fill(flat, 0.25f);
        for (float v : ImagePreprocessing.resample(flat, 7, 5, 16)) assertEquals(0.25f, v, 1e-6);
        float[] z = ImagePreprocessing.standardise(new float[] {1, 2, 3, 4});
        assertEquals(0, z[0] + z[1] + z[2] + z[3], 1e-6);
        assertEquals(-1.3416408f, z[0], 1e-6);
        byte[] mask = new byte[4 * 4];
        mask[5] = 1;
        byte[] up = ImagePreprocessing.resampleMask(mask, 4, 4, 8);
        int ones = 0;
        for (byte b : up) {
            assertTrue(b == 0 || b == 1);
            ones += b;
        }
        assertEquals(4, ones);
    }
}
