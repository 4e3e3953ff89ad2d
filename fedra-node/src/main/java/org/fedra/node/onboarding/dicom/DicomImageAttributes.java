package org.fedra.node.onboarding.dicom;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * What {@link DicomReader#readImage} keeps of an image instance for decoding: its identity, the raw top-level values of
 * the image pixel, rescale, window and geometry attributes, the byte order of the data set, and the native pixel data
 * (null when the pixel data is encapsulated, i.e. compressed, or absent).
 */
public record DicomImageAttributes(DicomInstance instance, Map<Integer, byte[]> values, boolean bigEndian, byte[] pixelData,
                                   boolean encapsulated) {
    public static final int SAMPLES_PER_PIXEL = 0x00280002, PHOTOMETRIC = 0x00280004, FRAMES = 0x00280008, ROWS = 0x00280010,
            COLUMNS = 0x00280011, PIXEL_SPACING = 0x00280030, BITS_ALLOCATED = 0x00280100, BITS_STORED = 0x00280101,
            PIXEL_REPRESENTATION = 0x00280103, WINDOW_CENTER = 0x00281050, WINDOW_WIDTH = 0x00281051,
            RESCALE_INTERCEPT = 0x00281052, RESCALE_SLOPE = 0x00281053, IMAGE_TYPE = 0x00080008, SERIES_DESCRIPTION = 0x0008103E,
            IMAGE_POSITION = 0x00200032, IMAGE_ORIENTATION = 0x00200037, IMAGER_PIXEL_SPACING = 0x00181164;
    /** The attributes kept. */
    public static final Set<Integer> TAGS = Set.of(SAMPLES_PER_PIXEL, PHOTOMETRIC, FRAMES, ROWS, COLUMNS, PIXEL_SPACING, BITS_ALLOCATED,
            BITS_STORED, PIXEL_REPRESENTATION, WINDOW_CENTER, WINDOW_WIDTH, RESCALE_INTERCEPT, RESCALE_SLOPE, IMAGE_TYPE,
            SERIES_DESCRIPTION, IMAGE_POSITION, IMAGE_ORIENTATION, IMAGER_PIXEL_SPACING);

    /** A US attribute, or {@code def} when absent. */
    public int us(int tag, int def) {
        byte[] v = values.get(tag);
        if (v == null || v.length < 2) return def;
        return bigEndian ? (v[0] & 0xFF) << 8 | (v[1] & 0xFF) : (v[0] & 0xFF) | (v[1] & 0xFF) << 8;
    }

    /** A text attribute, trimmed, or null when absent. */
    public String text(int tag) {
        byte[] v = values.get(tag);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    }

    /** The {@code index}-th value of a multi-valued decimal (DS/IS) attribute, or {@code def}. */
    public double number(int tag, int index, double def) {
        String t = text(tag);
        if (t == null || t.isEmpty()) return def;
        String[] parts = t.split("\\\\");
        if (index >= parts.length) return def;
        try {
            return Double.parseDouble(parts[index].trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }
}
