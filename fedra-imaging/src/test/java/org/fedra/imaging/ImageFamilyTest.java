package org.fedra.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.ModelArchitecture;
import org.fedra.learn.fl.ModelFamilies;
import org.fedra.learn.fl.ModelSpecException;
import org.fedra.learn.fl.PooledMetrics;
import org.junit.jupiter.api.Test;

class ImageFamilyTest {
    @Test
    void bothFamiliesAreInstalledAndTheirJsonRoundTrips() {
        ModelFamilies families = ModelFamilies.installed();
        assertTrue(families.names().containsAll(List.of("image-classifier", "segmentation", "tabular")));
        ModelArchitecture a = families.read(Map.of("family", "image-classifier", "size", 32, "channels", List.of(8, 16, 16)), "$.model");
        assertEquals(new ImageModelSpec("image-classifier", 32, new int[] {8, 16, 16}, "cpu"), a);
        assertEquals(a, families.read(families.write(a), "$.model"));
        // conv1 8*1*9+8, conv2 16*8*9+16, conv3 16*16*9+16, fc 16+1
        assertEquals(80 + 1168 + 2320 + 17, a.parameterCount());
        ModelArchitecture u = families.read(Map.of("family", "segmentation", "size", 32), "$.model");
        // enc1a 8*9+8, enc1b 8*8*9+8, enc2a 16*8*9+16, enc2b 16*16*9+16, dec1a 8*24*9+8, dec1b 8*8*9+8, out 8+1
        assertEquals(80 + 584 + 1168 + 2320 + 1736 + 584 + 9, u.parameterCount());
        assertArrayEquals(a.initialParameters(3), a.initialParameters(3));
    }

    @Test
    void badArchitecturesAreRefusedNamingTheField() {
        ModelFamilies families = ModelFamilies.installed();
        ModelSpecException e = assertThrows(ModelSpecException.class,
                () -> families.read(Map.of("family", "image-classifier", "size", 2000), "$.model"));
        assertTrue(e.getMessage().contains("$.model.size"), e.getMessage());
        e = assertThrows(ModelSpecException.class,
                () -> families.read(Map.of("family", "segmentation", "channels", List.of(8, 16, 32)), "$.model"));
        assertTrue(e.getMessage().contains("exactly 2"), e.getMessage());
        e = assertThrows(ModelSpecException.class, () -> families.read(Map.of("family", "image-classifier", "colour", 3), "$.model"));
        assertTrue(e.getMessage().contains("$.model.colour"), e.getMessage());
        e = assertThrows(ModelSpecException.class, () -> families.read(Map.of("family", "image-classifier", "device", "tpu"), "$.model"));
        assertTrue(e.getMessage().contains("$.model.device"), e.getMessage());
    }

    @Test
    void aGpuAskedForOnANodeWithoutOneMeansTheCpuAndANote() {
        DeviceChoice none = DeviceChoice.of("gpu", 0);
        assertFalse(none.gpu());
        assertTrue(none.note().contains("training on the CPU"), none.note());
        assertTrue(DeviceChoice.of("gpu", 1).gpu());
        assertNull(DeviceChoice.of("cpu", 4).note());
        // this machine has no usable GPU: the real engine says so too
        DeviceChoice here = DjlImageTrainer.device("gpu");
        assertFalse(here.gpu());
        assertTrue(here.note() != null);
    }

    @Test
    void segmentationMetricsPoolSums() {
        // 2 volumes with Dice 0.8 and 0.6, HD95 3 and 5 pixels, 10 slices of mean loss 0.2, voxels 2*40 of 100
        PooledMetrics m = new SegmentationMetrics().summarise(new double[] {2.0, 10, 2, 1.4, 8, 2, 40, 100});
        assertEquals(0.2, m.value("loss"), 1e-12);
        assertEquals(0.7, m.value("dice"), 1e-12);
        assertEquals(4, m.value("hd95"), 1e-12);
        assertEquals(0.8, m.value("globalDice"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new SegmentationMetrics().summarise(new double[3]));
    }

    @Test
    void hausdorff95OfTwoSingleVoxelsIsTheirDistance() {
        boolean[][] a = new boolean[2][8 * 8];
        boolean[][] b = new boolean[2][8 * 8];
        a[0][0] = true;
        b[0][3 * 8 + 4] = true;
        assertEquals(5.0, SurfaceDistance.hausdorff95(a, b, 8), 1e-12);
        assertTrue(Double.isNaN(SurfaceDistance.hausdorff95(a, new boolean[2][64], 8)));
    }

    @Test
    void imageSetsRefuseMismatchedSizesNamingTheImage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.classification(4, new float[][] {new float[16], new float[15]}, new float[] {0, 1}));
        assertTrue(e.getMessage().contains("image 1"), e.getMessage());
    }
}
