package org.fedra.imaging;

import java.util.SplittableRandom;

/**
 * Seeded training-time augmentation of a normalised square image (and its mask): a random shift of up to
 * {@code maxShift} pixels in each direction (edges repeated), and a random intensity scale and offset. Geometric changes
 * are applied identically to the mask. Pure, deterministic for a given random source.
 */
final class Augmentation {
    private final int maxShift;
    private final double intensityJitter;

    Augmentation(int maxShift, double intensityJitter) {
        this.maxShift = maxShift;
        this.intensityJitter = intensityJitter;
    }

    /** Writes the augmented image to {@code outImage} and, when {@code mask} is given, the mask to {@code outMask}. */
    void apply(float[] image, byte[] mask, int size, SplittableRandom rng, float[] outImage, float[] outMask) {
        int dx = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
        int dy = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
        float scale = (float) (1 + intensityJitter * (rng.nextDouble() * 2 - 1));
        float offset = (float) (intensityJitter * (rng.nextDouble() * 2 - 1));
        for (int r = 0; r < size; r++) {
            int sr = Math.min(size - 1, Math.max(0, r - dy));
            for (int c = 0; c < size; c++) {
                int sc = Math.min(size - 1, Math.max(0, c - dx));
                outImage[r * size + c] = image[sr * size + sc] * scale + offset;
                if (mask != null) outMask[r * size + c] = mask[sr * size + sc];
            }
        }
    }
}
