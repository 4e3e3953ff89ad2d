package org.fedra.imaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The 95th-percentile symmetric Hausdorff distance between two binary volumes, in voxels (pure). */
final class SurfaceDistance {
    private SurfaceDistance() {}

    /**
     * @param a     slices of {@code size*size} voxels
     * @param b     the same shape
     * @return the 95th percentile of the distances from each surface voxel of one volume to the nearest surface voxel
     *         of the other, both directions pooled; NaN when either volume is empty
     */
    static double hausdorff95(boolean[][] a, boolean[][] b, int size) {
        List<int[]> sa = surface(a, size);
        List<int[]> sb = surface(b, size);
        if (sa.isEmpty() || sb.isEmpty()) return Double.NaN;
        double[] d = new double[sa.size() + sb.size()];
        int k = 0;
        for (int[] p : sa) d[k++] = nearest(p, sb);
        for (int[] p : sb) d[k++] = nearest(p, sa);
        Arrays.sort(d);
        int idx = (int) Math.ceil(0.95 * d.length) - 1;
        return d[Math.max(0, idx)];
    }

    private static double nearest(int[] p, List<int[]> others) {
        long best = Long.MAX_VALUE;
        for (int[] q : others) {
            long dz = p[0] - q[0], dy = p[1] - q[1], dx = p[2] - q[2];
            best = Math.min(best, dz * dz + dy * dy + dx * dx);
        }
        return Math.sqrt(best);
    }

    /** Foreground voxels with a 6-neighbour that is background or outside the volume. */
    private static List<int[]> surface(boolean[][] v, int size) {
        List<int[]> out = new ArrayList<>();
        for (int z = 0; z < v.length; z++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    if (!v[z][y * size + x]) continue;
                    if (!at(v, z - 1, y, x, size) || !at(v, z + 1, y, x, size) || !at(v, z, y - 1, x, size)
                            || !at(v, z, y + 1, x, size) || !at(v, z, y, x - 1, size) || !at(v, z, y, x + 1, size)) {
                        out.add(new int[] {z, y, x});
                    }
                }
            }
        }
        return out;
    }

    private static boolean at(boolean[][] v, int z, int y, int x, int size) {
        return z >= 0 && z < v.length && y >= 0 && y < size && x >= 0 && x < size && v[z][y * size + x];
    }
}
