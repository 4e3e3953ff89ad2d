package org.fedra.imaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.learn.fl.MetricLayout;
import org.fedra.learn.fl.PooledMetrics;

/**
 * The evaluation vector of a segmenter, totals that add across nodes: summed per-slice loss and slices, volumes, the
 * sum of per-volume Dice, the sum and count of per-volume 95th-percentile Hausdorff distances (in pixels of the model
 * grid; a volume where prediction or truth is empty has none), and the voxel totals of the pooled (global) Dice.
 */
public record SegmentationMetrics() implements MetricLayout {
    @Override
    public List<Segment> segments() {
        return List.of(new Segment("lossSum", 1), new Segment("slices", 1), new Segment("volumes", 1), new Segment("diceSum", 1),
                new Segment("hd95Sum", 1), new Segment("hd95Count", 1), new Segment("intersection", 1), new Segment("predictedPlusTrue", 1));
    }

    @Override
    public PooledMetrics summarise(double[] s) {
        if (s.length != length()) {
            throw new IllegalArgumentException("a segmentation evaluation vector has " + length() + " entries, was given " + s.length);
        }
        if (!(s[1] > 0) || !(s[2] > 0)) throw new IllegalArgumentException("the evaluation holds no slices");
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("loss", s[0] / s[1]);
        v.put("dice", s[3] / s[2]);
        v.put("hd95", s[5] > 0 ? s[4] / s[5] : Double.NaN);
        v.put("globalDice", s[7] > 0 ? 2 * s[6] / s[7] : 1.0);
        return new PooledMetrics(s[2], v);
    }
}
