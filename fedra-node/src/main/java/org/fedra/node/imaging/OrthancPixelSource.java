package org.fedra.node.imaging;

import org.fedra.node.onboarding.dicom.DicomImageAttributes;
import org.fedra.node.onboarding.dicom.OrthancClient;
import org.fedra.node.onboarding.dicom.OrthancException;
import org.fedra.node.onboarding.dicom.OrthancUnavailableException;

/**
 * Compressed pixel data (JPEG baseline/lossless, JPEG 2000, RLE...) decoded by the node's own Orthanc, which holds the
 * instance it was imported from: looked up by SOP Instance UID, its first frame fetched as a rescaled NumPy array. An
 * instance Orthanc no longer holds or cannot decode is refused with Orthanc's reason.
 */
public final class OrthancPixelSource implements ImageSetBuilder.CompressedPixelSource {
    private final OrthancClient orthanc;

    public OrthancPixelSource(OrthancClient orthanc) {
        this.orthanc = orthanc;
    }

    @Override
    public DecodedImage decode(DicomImageAttributes image) throws UndecodablePixelsException {
        String uid = image.instance().sopInstanceUid();
        try {
            var ids = orthanc.lookupInstance(uid);
            if (ids.isEmpty()) throw new UndecodablePixelsException("compressed pixel data, and Orthanc at " + orthanc.base()
                    + " no longer holds instance " + uid + " to decode it", false);
            NpyArray a = NpyArray.parse(orthanc.instanceNumpy(ids.get(0)));
            int[] s = a.shape();
            // Orthanc answers (rows, columns, channels) for one frame
            int rows = s.length >= 2 ? s[0] : 0;
            int columns = s.length >= 2 ? s[1] : 0;
            int channels = s.length >= 3 ? s[2] : 1;
            if (channels != 1) throw new UndecodablePixelsException(channels + " channels (colour); image models take one", false);
            double rowSpacing = image.number(DicomImageAttributes.PIXEL_SPACING, 0, 1);
            double colSpacing = image.number(DicomImageAttributes.PIXEL_SPACING, 1, rowSpacing);
            return new DecodedImage(rows, columns, a.values(), rowSpacing, colSpacing,
                    image.number(DicomImageAttributes.WINDOW_CENTER, 0, Double.NaN), image.number(DicomImageAttributes.WINDOW_WIDTH, 0, Double.NaN),
                    "MONOCHROME1".equals(image.text(DicomImageAttributes.PHOTOMETRIC)));
        } catch (OrthancException e) {
            throw new UndecodablePixelsException("Orthanc could not decode instance " + uid + ": " + e.getMessage(), false);
        } catch (OrthancUnavailableException e) {
            throw new UndecodablePixelsException(e.getMessage(), false);
        } catch (IllegalArgumentException e) {
            throw new UndecodablePixelsException("Orthanc's pixels of instance " + uid + " are unreadable: " + e.getMessage(), false);
        }
    }
}
