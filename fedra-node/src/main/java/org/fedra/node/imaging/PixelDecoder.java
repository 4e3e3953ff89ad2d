package org.fedra.node.imaging;

import org.fedra.node.onboarding.dicom.DicomImageAttributes;

/**
 * Decodes the native (uncompressed) pixel data of a single-frame, single-channel DICOM image: 8- or 16-bit allocated,
 * signed or unsigned, bits stored masked and sign-extended, little or big endian, then rescaled by slope and intercept.
 * Compressed (encapsulated) pixel data is never decoded here: {@link UndecodablePixelsException#needsOrthanc()} tells
 * the caller to ask Orthanc for the pixels. Pure: no I/O.
 */
public final class PixelDecoder {
    private PixelDecoder() {}

    /** @throws UndecodablePixelsException naming why the pixels cannot be read (truncated, colour, compressed...) */
    public static DecodedImage decode(DicomImageAttributes a) throws UndecodablePixelsException {
        if (a.encapsulated()) {
            throw new UndecodablePixelsException("pixel data is compressed (transfer syntax " + a.instance().transferSyntaxUid() + ")", true);
        }
        if (a.pixelData() == null) throw new UndecodablePixelsException("the instance has no pixel data", false);
        int rows = a.us(DicomImageAttributes.ROWS, 0);
        int columns = a.us(DicomImageAttributes.COLUMNS, 0);
        if (rows < 1 || columns < 1) throw new UndecodablePixelsException("rows or columns missing", false);
        int samples = a.us(DicomImageAttributes.SAMPLES_PER_PIXEL, 1);
        if (samples != 1) throw new UndecodablePixelsException(samples + " samples per pixel (colour); image models take one channel", false);
        int allocated = a.us(DicomImageAttributes.BITS_ALLOCATED, 16);
        if (allocated != 8 && allocated != 16) throw new UndecodablePixelsException(allocated + " bits allocated; 8 or 16 are read", false);
        int stored = a.us(DicomImageAttributes.BITS_STORED, allocated);
        boolean signed = a.us(DicomImageAttributes.PIXEL_REPRESENTATION, 0) == 1;
        int bytesPer = allocated / 8;
        long needed = (long) rows * columns * bytesPer;
        if (a.pixelData().length < needed) {
            throw new UndecodablePixelsException("truncated pixel data: " + a.pixelData().length + " bytes for " + rows + "x" + columns
                    + " pixels of " + allocated + " bits (" + needed + " needed)", false);
        }
        double slope = a.number(DicomImageAttributes.RESCALE_SLOPE, 0, 1);
        double intercept = a.number(DicomImageAttributes.RESCALE_INTERCEPT, 0, 0);
        byte[] p = a.pixelData();
        float[] v = new float[rows * columns];
        int mask = stored >= 32 ? -1 : (1 << stored) - 1;
        for (int i = 0; i < v.length; i++) {
            int raw;
            if (bytesPer == 1) {
                raw = p[i] & 0xFF;
            } else {
                int b0 = p[2 * i] & 0xFF;
                int b1 = p[2 * i + 1] & 0xFF;
                raw = a.bigEndian() ? b0 << 8 | b1 : b1 << 8 | b0;
            }
            raw &= mask;
            if (signed && (raw & (1 << (stored - 1))) != 0) raw -= 1 << stored;
            v[i] = (float) (raw * slope + intercept);
        }
        String photometric = a.text(DicomImageAttributes.PHOTOMETRIC);
        double rowSpacing = a.number(DicomImageAttributes.PIXEL_SPACING, 0, a.number(DicomImageAttributes.IMAGER_PIXEL_SPACING, 0, 1));
        double colSpacing = a.number(DicomImageAttributes.PIXEL_SPACING, 1, a.number(DicomImageAttributes.IMAGER_PIXEL_SPACING, 1, rowSpacing));
        return new DecodedImage(rows, columns, v, rowSpacing, colSpacing, a.number(DicomImageAttributes.WINDOW_CENTER, 0, Double.NaN),
                a.number(DicomImageAttributes.WINDOW_WIDTH, 0, Double.NaN), "MONOCHROME1".equals(photometric));
    }
}
