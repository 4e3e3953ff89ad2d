package org.fedra.node.synth.imaging;

import java.util.SplittableRandom;

/**
 * A contrast-enhanced cardiac CT phantom volume: body (soft tissue), two lungs (air-filled), the heart as an ellipsoid
 * of myocardium holding the four chambers as ellipsoids, the left ventricle brightest (contrast), plus the site's gain,
 * offset and noise in Hounsfield units. Each patient has its own anatomy (heart size, position and chamber sizes).
 * The ground truth is the left-ventricle mask.
 *
 * @param hu      Hounsfield units, {@code [slice][row * size + column]}
 * @param lvMask  1 inside the left ventricle, else 0, same layout
 * @param size    rows and columns of a slice
 */
public record CardiacCtPhantom(int[][] hu, byte[][] lvMask, int size) {

    /** Renders one volume of {@code site.ctSlices()} slices of {@code site.ctSize()} squared. */
    public static CardiacCtPhantom render(SplittableRandom rng, ImagingSiteProfile site) {
        int n = site.ctSize();
        int slices = site.ctSlices();
        double hx = 0.55 + 0.06 * (rng.nextDouble() - 0.5);
        double hy = 0.5 + 0.06 * (rng.nextDouble() - 0.5);
        double hr = 0.17 + 0.04 * rng.nextDouble();
        double lvx = hx + 0.06 + 0.02 * (rng.nextDouble() - 0.5);
        double lvy = hy + 0.03 + 0.02 * (rng.nextDouble() - 0.5);
        double lvr = hr * (0.38 + 0.12 * rng.nextDouble());
        double lvz = 0.25 + 0.1 * rng.nextDouble();
        double rvx = hx - 0.07;
        double rvy = hy + 0.02;
        double rvr = hr * (0.35 + 0.1 * rng.nextDouble());
        double lvContrast = 280 + 120 * rng.nextDouble();
        int[][] hu = new int[slices][n * n];
        byte[][] mask = new byte[slices][n * n];
        for (int s = 0; s < slices; s++) {
            double z = (s + 0.5) / slices - 0.5; // -0.5..0.5 along the body axis
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double x = (c + 0.5) / n;
                    double y = (r + 0.5) / n;
                    double v = -1000;
                    if (inside(x, y, z, 0.5, 0.5, 0, 0.45, 0.36, 2)) v = 40;
                    if (inside(x, y, z, 0.3, 0.47, 0, 0.13, 0.22, 0.8) || inside(x, y, z, 0.72, 0.47, 0, 0.12, 0.22, 0.8)) v = -820;
                    if (inside(x, y, z, hx, hy, 0, hr * 1.15, hr, 0.45)) v = 60; // myocardium
                    if (inside(x, y, z, rvx, rvy, 0, rvr, rvr * 0.9, 0.3)) v = 180; // right ventricle, less contrast
                    if (inside(x, y, z, lvx, lvy, 0, lvr, lvr * 0.9, lvz)) {
                        v = lvContrast;
                        mask[s][r * n + c] = 1;
                    }
                    if (Math.hypot(x - 0.5, y - 0.8) < 0.05) v = 700; // vertebra
                    v = v * site.gain() + site.offset() + site.noise() * rng.nextGaussian();
                    hu[s][r * n + c] = (int) Math.max(-1024, Math.min(3071, Math.round(v)));
                }
            }
        }
        return new CardiacCtPhantom(hu, mask, n);
    }

    private static boolean inside(double x, double y, double z, double cx, double cy, double cz, double rx, double ry, double rz) {
        double dx = (x - cx) / rx;
        double dy = (y - cy) / ry;
        double dz = (z - cz) / rz;
        return dx * dx + dy * dy + dz * dz <= 1;
    }
}
