package org.fedra.imaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.learn.fl.Evaluator;
import org.fedra.learn.fl.ModelFamily;
import org.fedra.learn.fl.ModelSpecException;
import org.fedra.learn.fl.Standardisation;
import org.fedra.learn.fl.Trainer;

/**
 * An image model family ({@code image-classifier} or {@code segmentation}) behind fedra-learn's SPI: DJL/PyTorch
 * training ({@link DjlImageTrainer}) and evaluation ({@link DjlImageEvaluator}) of an {@link ImageModelSpec} on a node's
 * {@link ImageSet}. Images are normalised per image by the node's preprocessing, so nothing is standardised with pooled
 * statistics.
 *
 * <p>JSON: {@code {"family": "image-classifier", "size": 64, "channels": [8, 16, 32], "device": "cpu"}}.
 */
public abstract class ImageFamily implements ModelFamily<ImageModelSpec, ImageSet> {
    /** Largest input size. */
    public static final int MAX_SIZE = 256;
    /** Widest convolution. */
    public static final int MAX_CHANNELS = 128;
    private static final Set<String> FIELDS = Set.of("family", "kind", "size", "channels", "device");
    private static final DjlImageTrainer TRAINER = new DjlImageTrainer();
    private static final DjlImageEvaluator EVALUATOR = new DjlImageEvaluator();

    private final String kind;
    private final int[] defaultChannels;

    ImageFamily(String kind, int[] defaultChannels) {
        this.kind = kind;
        this.defaultChannels = defaultChannels;
    }

    @Override
    public String name() {
        return kind;
    }

    @Override
    public Class<ImageModelSpec> architectureType() {
        return ImageModelSpec.class;
    }

    @Override
    public Class<ImageSet> dataType() {
        return ImageSet.class;
    }

    @Override
    public ImageModelSpec readArchitecture(Map<String, ?> json, String path) {
        for (String key : json.keySet()) {
            if (!FIELDS.contains(key)) throw new ModelSpecException(path + "." + key, "unknown field; known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
        }
        Object k = json.get("kind");
        if (k != null && !kind.equals(k)) throw new ModelSpecException(path + ".kind", "must be " + kind + " for this family, was " + k);
        int size = whole(json.get("size"), 64, path + ".size");
        if (size < 8 || size > MAX_SIZE) throw new ModelSpecException(path + ".size", "must be from 8 to " + MAX_SIZE + ", was " + size);
        int[] channels = defaultChannels;
        Object c = json.get("channels");
        if (c != null) {
            if (!(c instanceof List<?> list) || list.isEmpty() || list.size() > 4) {
                throw new ModelSpecException(path + ".channels", "must be a list of 1 to 4 widths");
            }
            channels = new int[list.size()];
            for (int i = 0; i < channels.length; i++) {
                channels[i] = whole(list.get(i), 0, path + ".channels[" + i + "]");
                if (channels[i] < 1 || channels[i] > MAX_CHANNELS) {
                    throw new ModelSpecException(path + ".channels[" + i + "]", "must be from 1 to " + MAX_CHANNELS + ", was " + channels[i]);
                }
            }
        }
        Object d = json.get("device");
        if (d != null && !"cpu".equals(d) && !"gpu".equals(d)) throw new ModelSpecException(path + ".device", "must be cpu or gpu, was " + d);
        try {
            return new ImageModelSpec(kind, size, channels, d == null ? "cpu" : (String) d);
        } catch (IllegalArgumentException e) {
            throw new ModelSpecException(path, e.getMessage());
        }
    }

    private static int whole(Object v, int def, String path) {
        if (v == null) return def;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) return n.intValue();
        throw new ModelSpecException(path, "must be a whole number, was " + v);
    }

    @Override
    public Map<String, Object> writeArchitecture(ImageModelSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", spec.size());
        List<Integer> ch = new ArrayList<>();
        for (int c : spec.channels()) ch.add(c);
        m.put("channels", ch);
        m.put("device", spec.device());
        return m;
    }

    @Override
    public Trainer<ImageModelSpec, ImageSet> trainer() {
        return TRAINER;
    }

    @Override
    public Evaluator<ImageModelSpec, ImageSet> evaluator() {
        return EVALUATOR;
    }

    @Override
    public int size(ImageSet data) {
        return data.count();
    }

    @Override
    public double[] standardisationSummands(ImageModelSpec spec, ImageSet data) {
        return new double[] {data.count()};
    }

    @Override
    public ImageSet standardise(ImageModelSpec spec, Standardisation standardisation, ImageSet data) {
        return data;
    }

    /** The 2D CNN classifier family. */
    public static final class Classifier extends ImageFamily {
        public Classifier() {
            super(ImageModelSpec.CLASSIFIER, new int[] {8, 16, 32});
        }
    }

    /** The slice-wise 2D U-Net segmentation family. */
    public static final class Segmentation extends ImageFamily {
        public Segmentation() {
            super(ImageModelSpec.SEGMENTATION, new int[] {8, 16});
        }
    }
}
