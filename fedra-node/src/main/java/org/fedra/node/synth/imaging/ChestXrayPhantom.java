package org.fedra.node.synth.imaging;

import java.util.SplittableRandom;

/**
 * A frontal chest radiograph phantom: a soft-tissue body, two lung fields (dark: little attenuation), ribs as curved
 * bright bands over the lungs, a heart shadow left of the midline, optionally a lesion (a round opacity, like a
 * nodule or a consolidation, inside a lung field), varying exposure, and the site's gain, offset and noise. Every
 * patient has its own anatomy (lung size, heart size and position, rib spacing, slight rotation). Values are 12-bit
 * detector units (0..4095), high meaning much attenuation (MONOCHROME2: bones white).
 */
public final class ChestXrayPhantom {
    private ChestXrayPhantom() {}

    /**
     * Renders one radiograph.
     *
     * @return {@code size*size} stored values, row-major, in MONOCHROME2 sense (invert for MONOCHROME1 yourself)
     */
    public static int[] render(SplittableRandom rng, ImagingSiteProfile site, boolean lesion) {
        int n = site.xraySize();
        double exposure = 0.85 + 0.3 * rng.nextDouble();
        double lungW = 0.16 + 0.04 * rng.nextDouble();
        double lungH = 0.30 + 0.06 * rng.nextDouble();
        double lungY = 0.48 + 0.04 * (rng.nextDouble() - 0.5);
        double heartX = 0.56 + 0.04 * rng.nextDouble();
        double heartY = 0.62 + 0.04 * rng.nextDouble();
        double heartR = 0.11 + 0.05 * rng.nextDouble();
        double ribSpacing = 0.075 + 0.02 * rng.nextDouble();
        double tilt = 0.08 * (rng.nextDouble() - 0.5);
        // the lesion: in the left or right lung, a round opacity of varying size and density
        boolean rightLung = rng.nextBoolean();
        double lx = (rightLung ? 0.33 : 0.67) + 0.06 * (rng.nextDouble() - 0.5);
        double ly = lungY + lungH * 0.5 * (rng.nextDouble() - 0.5);
        double lr = 0.05 + 0.04 * rng.nextDouble();
        double lDensity = 0.55 + 0.35 * rng.nextDouble();
        int[] out = new int[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double x0 = (c + 0.5) / n - 0.5;
                double y0 = (r + 0.5) / n - 0.5;
                double x = 0.5 + x0 * Math.cos(tilt) - y0 * Math.sin(tilt);
                double y = 0.5 + x0 * Math.sin(tilt) + y0 * Math.cos(tilt);
                double a = 0.15; // air around the body
                if (ellipse(x, y, 0.5, 0.52, 0.44, 0.5)) a = 1.0; // soft tissue
                boolean inLung = ellipse(x, y, 0.5 - 0.17, lungY, lungW, lungH) || ellipse(x, y, 0.5 + 0.17, lungY, lungW, lungH);
                if (inLung) {
                    a = 0.35;
                    // ribs: bands following a gentle curve across each lung
                    double phase = (y + 0.15 * Math.pow(x - 0.5, 2)) / ribSpacing;
                    if (phase - Math.floor(phase) < 0.28) a += 0.3;
                    if (lesion && ellipse(x, y, lx, ly, lr, lr)) {
                        double d = Math.hypot(x - lx, y - ly) / lr;
                        a += lDensity * (1 - d * d);
                    }
                }
                if (ellipse(x, y, heartX, heartY, heartR * 1.2, heartR)) a = Math.max(a, 0.95); // heart shadow
                if (Math.abs(x - 0.5) < 0.025 && y > 0.15 && y < 0.85) a = Math.max(a, 1.1); // spine
                double v = 400 + 2400 * a * exposure * site.gain() + site.offset() + site.noise() * rng.nextGaussian();
                out[r * n + c] = (int) Math.max(0, Math.min(4095, Math.round(v)));
            }
        }
        return out;
    }

    private static boolean ellipse(double x, double y, double cx, double cy, double rx, double ry) {
        double dx = (x - cx) / rx;
        double dy = (y - cy) / ry;
        return dx * dx + dy * dy <= 1;
    }
}
