package org.fedra.imaging;

/**
 * One node's images for an image model: single-channel square images already on the model's grid ({@code size} by
 * {@code size}, row-major, normalised), with a binary label per image (classification) or a binary mask per image
 * (segmentation; then {@code volumes} says which 3D volume each slice belongs to, for per-volume Dice and HD95).
 *
 * @param size    rows and columns of every image
 * @param pixels  one {@code size*size} array per image
 * @param labels  0 or 1 per image, or null for segmentation
 * @param masks   one {@code size*size} 0/1 mask per image, or null for classification
 * @param volumes volume id per image (slices of one volume share it), or null when every image is its own
 */
public record ImageSet(int size, float[][] pixels, float[] labels, byte[][] masks, int[] volumes) {
    /** @throws IllegalArgumentException naming the image whose size or label is wrong */
    public ImageSet {
        if (size < 4) throw new IllegalArgumentException("image size must be >= 4, was " + size);
        if ((labels == null) == (masks == null)) throw new IllegalArgumentException("an image set has labels or masks, exactly one");
        int n = pixels.length;
        if (labels != null && labels.length != n) throw new IllegalArgumentException(n + " images but " + labels.length + " labels");
        if (masks != null && masks.length != n) throw new IllegalArgumentException(n + " images but " + masks.length + " masks");
        if (volumes != null && volumes.length != n) throw new IllegalArgumentException(n + " images but " + volumes.length + " volume ids");
        for (int i = 0; i < n; i++) {
            if (pixels[i].length != size * size) {
                throw new IllegalArgumentException("image " + i + " has " + pixels[i].length + " pixels, not " + size + "x" + size);
            }
            if (labels != null && labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label of image " + i + " must be 0 or 1, was " + labels[i]);
            }
            if (masks != null && masks[i].length != size * size) {
                throw new IllegalArgumentException("mask " + i + " has " + masks[i].length + " pixels, not " + size + "x" + size);
            }
        }
    }

    /** Labelled images for a classifier. */
    public static ImageSet classification(int size, float[][] pixels, float[] labels) {
        return new ImageSet(size, pixels, labels, null, null);
    }

    /** Masked slices for a segmenter. */
    public static ImageSet segmentation(int size, float[][] pixels, byte[][] masks, int[] volumes) {
        return new ImageSet(size, pixels, null, masks, volumes);
    }

    /** Number of images. */
    public int count() {
        return pixels.length;
    }

    /** Volume id of image {@code i}. */
    public int volume(int i) {
        return volumes == null ? i : volumes[i];
    }

    /** The images at the given indices. */
    public ImageSet subset(int[] indices) {
        float[][] p = new float[indices.length][];
        float[] l = labels == null ? null : new float[indices.length];
        byte[][] m = masks == null ? null : new byte[indices.length][];
        int[] v = volumes == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            p[i] = pixels[indices[i]];
            if (l != null) l[i] = labels[indices[i]];
            if (m != null) m[i] = masks[indices[i]];
            if (v != null) v[i] = volumes[indices[i]];
        }
        return new ImageSet(size, p, l, m, v);
    }

    /** All images of the given sets, in order (volume ids are offset so that sets never share a volume). */
    public static ImageSet concat(java.util.List<ImageSet> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("nothing to concatenate");
        int total = parts.stream().mapToInt(ImageSet::count).sum();
        ImageSet first = parts.get(0);
        float[][] p = new float[total][];
        float[] l = first.labels == null ? null : new float[total];
        byte[][] m = first.masks == null ? null : new byte[total][];
        int[] v = new int[total];
        int k = 0;
        int volumeOffset = 0;
        for (ImageSet s : parts) {
            int maxVolume = -1;
            for (int i = 0; i < s.count(); i++, k++) {
                p[k] = s.pixels[i];
                if (l != null) l[k] = s.labels[i];
                if (m != null) m[k] = s.masks[i];
                v[k] = volumeOffset + s.volume(i);
                maxVolume = Math.max(maxVolume, s.volume(i));
            }
            volumeOffset += maxVolume + 1;
        }
        return new ImageSet(first.size, p, l, m, v);
    }
}
