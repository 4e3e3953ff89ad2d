package org.fedra.hub.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateOutliersTest {
    private static Map<String, double[]> honest() {
        Map<String, double[]> v = new LinkedHashMap<>();
        v.put("a", new double[] {0.10, -0.20, 0.05});
        v.put("b", new double[] {0.12, -0.18, 0.04});
        v.put("c", new double[] {0.09, -0.22, 0.06});
        v.put("d", new double[] {0.11, -0.19, 0.05});
        return v;
    }

    @Test
    void honestUpdatesOfOneRoundAreNoOutliers() {
        assertThat(UpdateOutliers.find(honest())).isEmpty();
    }

    @Test
    void aScaledUpdateIsAnOutlierInNormAndTheLimitIsTheMedianPlusThreeRobustSds() {
        Map<String, double[]> v = honest();
        v.put("attacker", new double[] {5.0, -10.0, 2.5}); // 50 x a's update: model replacement
        Map<String, String> out = UpdateOutliers.find(v);
        assertThat(out).containsOnlyKeys("attacker");
        // norms: a 0.2291, b 0.2200, c 0.2455, d 0.2205, attacker 11.456; median 0.2291
        double[] norms = v.values().stream().mapToDouble(UpdateOutliers::norm).toArray();
        double median = UpdateOutliers.median(norms);
        assertThat(median).isEqualTo(UpdateOutliers.norm(v.get("a")));
        assertThat(out.get("attacker")).startsWith("update norm 11.46 is above the round's limit");
    }

    @Test
    void anUpdatePointingAgainstTheOthersIsAnOutlierInDirection() {
        Map<String, double[]> v = honest();
        v.put("flipper", new double[] {-0.10, 0.20, -0.05}); // a's update negated: same norm, opposite direction
        Map<String, String> out = UpdateOutliers.find(v);
        assertThat(out).containsOnlyKeys("flipper");
        // the coordinate-wise median is (0.10, -0.19, 0.05): cosine -0.0505 / (0.2291 * 0.2205) = -0.99995
        assertThat(out.get("flipper")).startsWith("update points against the round's other updates (cosine -1.000 with their coordinate-wise median)");
    }

    @Test
    void withFewerThanThreeUpdatesNothingIsJudged() {
        Map<String, double[]> v = new LinkedHashMap<>();
        v.put("a", new double[] {1, 0});
        v.put("b", new double[] {-100, 0});
        assertThat(UpdateOutliers.find(v)).isEmpty();
    }
}
