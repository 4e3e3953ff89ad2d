package org.fedra.node.imaging;

/**
 * Turns a decoded image into a model input: windowed to [0, 1] (the given window, else the file's, else the image's
 * own 1st to 99th percentile range), inverted when MONOCHROME1 so that attenuation is always bright, resampled
 * bilinearly to {@code size x size} (images of any size are resampled, never refused), then standardised to mean 0 and
 * standard deviation 1 per image, which takes out what differs between scanners (gain, offset) before any site
 * trains. Pure.
 *
 * @param size          output rows and columns
 * @param windowCenter  e.g. 40 for a CT soft-tissue window; NaN to use the file's window
 * @param windowWidth   e.g. 400; NaN to use the file's window
 */
public record ImagePreprocessing(int size, double windowCenter, double windowWidth) {
    public ImagePreprocessing {
        if (size < 4 || size > 1024) throw new IllegalArgumentException("size must be from 4 to 1024, was " + size);
    }

    /** Preprocessing with the file's own window. */
    public static ImagePreprocessing fileWindow(int size) {
        return new ImagePreprocessing(size, Double.NaN, Double.NaN);
    }

    /** The model input of {@code image}. */
    public float[] apply(DecodedImage image) {
        double c = windowCenter;
        double w = windowWidth;
        if (Double.isNaN(c) || Double.isNaN(w) || w <= 0) {
            c = image.windowCenter();
            w = image.windowWidth();
        }
        if (Double.isNaN(c) || Double.isNaN(w) || w <= 0) {
            float[] sorted = image.values().clone();
            java.util.Arrays.sort(sorted);
            double lo = sorted[(int) (0.01 * (sorted.length - 1))];
            double hi = sorted[(int) (0.99 * (sorted.length - 1))];
            c = (lo + hi) / 2;
            w = Math.max(1e-6, hi - lo);
        }
        float[] windowed = new float[image.values().length];
        for (int i = 0; i < windowed.length; i++) {
            double v = (image.values()[i] - (c - w / 2)) / w;
            v = Math.max(0, Math.min(1, v));
            windowed[i] = (float) (image.inverted() ? 1 - v : v);
        }
        return standardise(resample(windowed, image.rows(), image.columns(), size));
    }

    /** The image shifted and scaled to mean 0 and standard deviation 1 (a flat image becomes all 0). */
    static float[] standardise(float[] v) {
        double mean = 0;
        for (float x : v) mean += x;
        mean /= v.length;
        double var = 0;
        for (float x : v) var += (x - mean) * (x - mean);
        double sd = Math.sqrt(var / v.length);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (sd < 1e-6 ? 0 : (v[i] - mean) / sd);
        return out;
    }

    /** Bilinear resampling of a {@code rows x columns} image to {@code size x size} (pixel centres aligned). */
    public static float[] resample(float[] in, int rows, int columns, int size) {
        if (rows == size && columns == size) return in.clone();
        float[] out = new float[size * size];
        for (int r = 0; r < size; r++) {
            double y = Math.max(0, Math.min(rows - 1, (r + 0.5) * rows / size - 0.5));
            int y0 = (int) Math.floor(y);
            int y1 = Math.min(rows - 1, y0 + 1);
            double fy = y - y0;
            for (int c = 0; c < size; c++) {
                double x = Math.max(0, Math.min(columns - 1, (c + 0.5) * columns / size - 0.5));
                int x0 = (int) Math.floor(x);
                int x1 = Math.min(columns - 1, x0 + 1);
                double fx = x - x0;
                double top = in[y0 * columns + x0] * (1 - fx) + in[y0 * columns + x1] * fx;
                double bottom = in[y1 * columns + x0] * (1 - fx) + in[y1 * columns + x1] * fx;
                out[r * size + c] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** Nearest-neighbour resampling of a label mask (labels must not be blended). */
    public static byte[] resampleMask(byte[] in, int rows, int columns, int size) {
        byte[] out = new byte[size * size];
        for (int r = 0; r < size; r++) {
            int y = Math.min(rows - 1, (int) ((r + 0.5) * rows / size));
            for (int c = 0; c < size; c++) {
                out[r * size + c] = in[y * columns + Math.min(columns - 1, (int) ((c + 0.5) * columns / size))];
            }
        }
        return out;
    }
}
