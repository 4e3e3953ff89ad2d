package org.fedra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Training curves of a model: held-out loss and AUC per round, drawn side by side as SVG (written by hand) or PNG
 * (java.awt, headless). Rounds whose metrics were suppressed are left out of the lines.
 */
final class TrainingCurves {
    static final int WIDTH = 800;
    static final int HEIGHT = 320;
    private static final int PANEL = WIDTH / 2;
    private static final int MARGIN = 48;

    private final String title;
    private final List<double[]> loss;
    private final List<double[]> auc;

    private TrainingCurves(String title, List<double[]> loss, List<double[]> auc) {
        this.title = title;
        this.loss = loss;
        this.auc = auc;
    }

    /** From the registry's per-round metrics. */
    static TrainingCurves of(String title, JsonNode metrics) {
        List<double[]> loss = new ArrayList<>();
        List<double[]> auc = new ArrayList<>();
        for (JsonNode r : metrics) {
            if (!r.path("loss").isNull() && !r.path("loss").isMissingNode()) loss.add(new double[] {r.path("round").asInt(), r.path("loss").asDouble()});
            if (!r.path("auc").isNull() && !r.path("auc").isMissingNode()) auc.add(new double[] {r.path("round").asInt(), r.path("auc").asDouble()});
        }
        return new TrainingCurves(title, loss, auc);
    }

    /** Points of one curve in pixel coordinates of panel {@code index} (0 loss, 1 AUC). */
    List<double[]> pixels(int index) {
        List<double[]> points = index == 0 ? loss : auc;
        double[] y = range(points);
        double maxRound = points.stream().mapToDouble(p -> p[0]).max().orElse(1);
        List<double[]> out = new ArrayList<>();
        for (double[] p : points) {
            double px = index * PANEL + MARGIN + (maxRound <= 1 ? 0 : (p[0] - 1) / (maxRound - 1)) * (PANEL - 2 * MARGIN);
            double py = HEIGHT - MARGIN - (p[1] - y[0]) / (y[1] - y[0]) * (HEIGHT - 2 * MARGIN);
            out.add(new double[] {px, py});
        }
        return out;
    }

    String svg() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-family=\"sans-serif\" font-size=\"14\" text-anchor=\"middle\">%s</text>%n",
                WIDTH / 2, escape(title)));
        String[] names = {"held-out loss", "held-out AUC"};
        String[] colours = {"#c0392b", "#2471a3"};
        for (int i = 0; i < 2; i++) {
            List<double[]> data = i == 0 ? loss : auc;
            double[] y = range(data);
            int x0 = i * PANEL + MARGIN;
            s.append(String.format(Locale.ROOT, "<g class=\"panel\" id=\"%s\">%n", i == 0 ? "loss" : "auc"));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, HEIGHT - MARGIN, x0 + PANEL - 2 * MARGIN, HEIGHT - MARGIN));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", x0, MARGIN, x0, HEIGHT - MARGIN));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"12\" text-anchor=\"middle\">%s by round</text>%n",
                    x0 + PANEL / 2 - MARGIN, MARGIN - 10, names[i]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"10\" text-anchor=\"end\">%.3f</text>%n", x0 - 4, MARGIN + 4, y[1]));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"10\" text-anchor=\"end\">%.3f</text>%n", x0 - 4, HEIGHT - MARGIN, y[0]));
            StringBuilder points = new StringBuilder();
            for (double[] p : pixels(i)) points.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colours[i], points.toString().trim()));
            for (double[] p : pixels(i)) {
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", p[0], p[1], colours[i]));
            }
            s.append("</g>\n");
        }
        return s.append("</svg>\n").toString();
    }

    void writePng(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.drawString(title, WIDTH / 2 - g.getFontMetrics().stringWidth(title) / 2, 20);
            Color[] colours = {new Color(0xc0392b), new Color(0x2471a3)};
            String[] names = {"held-out loss by round", "held-out AUC by round"};
            for (int i = 0; i < 2; i++) {
                int x0 = i * PANEL + MARGIN;
                g.setColor(Color.BLACK);
                g.drawLine(x0, HEIGHT - MARGIN, x0 + PANEL - 2 * MARGIN, HEIGHT - MARGIN);
                g.drawLine(x0, MARGIN, x0, HEIGHT - MARGIN);
                g.drawString(names[i], x0 + 10, MARGIN - 10);
                g.setColor(colours[i]);
                g.setStroke(new BasicStroke(2f));
                List<double[]> p = pixels(i);
                for (int k = 0; k < p.size(); k++) {
                    g.fillOval((int) p.get(k)[0] - 3, (int) p.get(k)[1] - 3, 6, 6);
                    if (k > 0) g.drawLine((int) p.get(k - 1)[0], (int) p.get(k - 1)[1], (int) p.get(k)[0], (int) p.get(k)[1]);
                }
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static double[] range(List<double[]> points) {
        double lo = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double hi = points.stream().mapToDouble(p -> p[1]).max().orElse(1);
        if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        return new double[] {lo, hi};
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
