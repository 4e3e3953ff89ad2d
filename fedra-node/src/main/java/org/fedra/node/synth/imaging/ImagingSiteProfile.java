package org.fedra.node.synth.imaging;

/**
 * What makes one site's scanners differ from another's, so that federated imaging sites are not identically
 * distributed: detector gain and offset, noise, matrix size (resolution), and for radiographs the photometric
 * interpretation (some sites store inverted MONOCHROME1 images).
 *
 * @param name          site name, part of every generated id (1-24 of a-z 0-9 -)
 * @param gain          multiplies the ideal signal (1 = nominal)
 * @param offset        added to stored values (radiograph digital units, CT Hounsfield units)
 * @param noise         standard deviation of the Gaussian noise, in the same units
 * @param xraySize      radiograph matrix (square), e.g. 64
 * @param ctSize        CT slice matrix (square), e.g. 48
 * @param ctSlices      CT slices per volume
 * @param monochrome1   radiographs stored inverted (MONOCHROME1)
 * @param lesionShare   share of radiographs with a lesion
 */
public record ImagingSiteProfile(String name, double gain, double offset, double noise, int xraySize, int ctSize,
                                 int ctSlices, boolean monochrome1, double lesionShare) {
    public ImagingSiteProfile {
        if (name == null || !name.matches("[a-z0-9\\-]{1,24}")) {
            throw new IllegalArgumentException("site name must be 1-24 of [a-z0-9-], was " + name);
        }
        if (gain <= 0 || noise < 0) throw new IllegalArgumentException("gain must be > 0 and noise >= 0");
        if (xraySize < 16 || xraySize > 1024 || ctSize < 16 || ctSize > 512 || ctSlices < 4 || ctSlices > 256) {
            throw new IllegalArgumentException("matrix sizes out of range (radiograph 16-1024, CT 16-512, slices 4-256)");
        }
        if (lesionShare < 0 || lesionShare > 1) throw new IllegalArgumentException("lesionShare must be in [0, 1]");
    }

    /** Built-in profiles: {@code city-university}, {@code rural-general}, {@code heart-centre}. */
    public static ImagingSiteProfile named(String name) {
        return switch (name) {
            case "city-university" -> new ImagingSiteProfile(name, 1.0, 0, 60, 64, 48, 12, false, 0.45);
            case "rural-general" -> new ImagingSiteProfile(name, 0.8, 150, 110, 56, 40, 10, true, 0.35);
            case "heart-centre" -> new ImagingSiteProfile(name, 1.2, -80, 80, 80, 56, 14, false, 0.5);
            default -> throw new IllegalArgumentException("unknown site profile '" + name
                    + "'; known: city-university, rural-general, heart-centre");
        };
    }

    /** The same scanner under another site name. */
    public ImagingSiteProfile withName(String newName) {
        return new ImagingSiteProfile(newName, gain, offset, noise, xraySize, ctSize, ctSlices, monochrome1, lesionShare);
    }
}
