package org.fedra.node.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedra.imaging.ImageSet;
import org.fedra.node.onboarding.dicom.DicomImageAttributes;
import org.fedra.node.onboarding.dicom.DicomReader;
import org.fedra.node.onboarding.dicom.InvalidDicomException;

/**
 * Collects a node's DICOM instances into an {@link ImageSet} on a model's grid: each instance is read, its pixels
 * decoded ({@link PixelDecoder}; compressed ones by the given {@link CompressedPixelSource}) and preprocessed. An
 * instance that cannot be read or decoded (truncated, a syntax Orthanc cannot decode, colour...) is skipped and its
 * reason kept in {@link #skipped()}: one broken file never stops a job.
 */
public final class ImageSetBuilder {
    /** Decodes compressed pixel data elsewhere (the node's Orthanc); never a decoder of our own. */
    @FunctionalInterface
    public interface CompressedPixelSource {
        /** @throws UndecodablePixelsException when it cannot decode them either */
        DecodedImage decode(DicomImageAttributes image) throws UndecodablePixelsException;

        /** For nodes without an Orthanc: compressed instances are skipped. */
        CompressedPixelSource NONE = image -> {
            throw new UndecodablePixelsException("pixel data is compressed (transfer syntax " + image.instance().transferSyntaxUid()
                    + ") and no Orthanc is configured to decode it", false);
        };
    }

    /** One instance left out, and why. */
    public record Skipped(String source, String reason) {}

    private final ImagePreprocessing preprocessing;
    private final CompressedPixelSource compressed;
    private final List<float[]> pixels = new ArrayList<>();
    private final List<Float> labels = new ArrayList<>();
    private final List<byte[]> masks = new ArrayList<>();
    private final List<Integer> volumes = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private int nextVolume;

    public ImageSetBuilder(ImagePreprocessing preprocessing, CompressedPixelSource compressed) {
        this.preprocessing = preprocessing;
        this.compressed = compressed;
    }

    /** Adds one labelled image; returns false (and records why) when it was skipped. */
    public boolean addLabelled(String source, byte[] dicom, float label) {
        DecodedImage img = decode(source, dicom);
        if (img == null) return false;
        pixels.add(preprocessing.apply(img));
        labels.add(label);
        volumes.add(nextVolume++);
        return true;
    }

    /**
     * Adds a volume: image slices and label-map slices (pixel 1 = structure), paired by instance number. Slices without a
     * partner, or that cannot be decoded, are skipped with the reason; the rest of the volume stays.
     *
     * @return slices added
     */
    public int addVolume(String source, List<byte[]> imageSlices, List<byte[]> labelSlices) {
        Map<Integer, DecodedImage> images = new TreeMap<>();
        Map<Integer, DecodedImage> labelMaps = new TreeMap<>();
        collect(source, imageSlices, images);
        collect(source, labelSlices, labelMaps);
        int volume = nextVolume++;
        int added = 0;
        for (var e : images.entrySet()) {
            DecodedImage label = labelMaps.get(e.getKey());
            if (label == null) {
                skipped.add(new Skipped(source + " slice " + e.getKey(), "no label-map slice with the same instance number"));
                continue;
            }
            byte[] m = new byte[label.values().length];
            for (int i = 0; i < m.length; i++) m[i] = (byte) (label.values()[i] > 0.5f ? 1 : 0);
            pixels.add(preprocessing.apply(e.getValue()));
            masks.add(ImagePreprocessing.resampleMask(m, label.rows(), label.columns(), preprocessing.size()));
            volumes.add(volume);
            added++;
        }
        return added;
    }

    private void collect(String source, List<byte[]> slices, Map<Integer, DecodedImage> out) {
        for (int i = 0; i < slices.size(); i++) {
            DicomImageAttributes a;
            try {
                a = DicomReader.readImage(slices.get(i));
            } catch (InvalidDicomException e) {
                skipped.add(new Skipped(source + " file " + (i + 1), e.getMessage()));
                continue;
            }
            DecodedImage img = decode(source + " file " + (i + 1), a);
            if (img != null) out.put(a.instance().instanceNumber() == null ? i + 1 : a.instance().instanceNumber(), img);
        }
    }

    private DecodedImage decode(String source, byte[] dicom) {
        try {
            return decode(source, DicomReader.readImage(dicom));
        } catch (InvalidDicomException e) {
            skipped.add(new Skipped(source, e.getMessage()));
            return null;
        }
    }

    private DecodedImage decode(String source, DicomImageAttributes a) {
        try {
            try {
                return PixelDecoder.decode(a);
            } catch (UndecodablePixelsException e) {
                if (!e.needsOrthanc()) throw e;
                return compressed.decode(a);
            }
        } catch (UndecodablePixelsException e) {
            skipped.add(new Skipped(source, e.getMessage()));
            return null;
        }
    }

    /** Instances left out so far, with their reasons. */
    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** Images added so far. */
    public int count() {
        return pixels.size();
    }

    /** The labelled images collected (classification). */
    public ImageSet classification() {
        float[] l = new float[labels.size()];
        for (int i = 0; i < l.length; i++) l[i] = labels.get(i);
        return ImageSet.classification(preprocessing.size(), pixels.toArray(float[][]::new), l);
    }

    /** The masked slices collected (segmentation). */
    public ImageSet segmentation() {
        return ImageSet.segmentation(preprocessing.size(), pixels.toArray(float[][]::new), masks.toArray(byte[][]::new),
                volumes.stream().mapToInt(Integer::intValue).toArray());
    }

}
