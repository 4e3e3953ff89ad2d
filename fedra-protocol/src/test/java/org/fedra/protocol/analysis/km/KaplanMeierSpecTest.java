package org.fedra.protocol.analysis.km;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fedra.protocol.json.JsonCodec;
import org.junit.jupiter.api.Test;

/** The Kaplan-Meier request and a node's vector: per interval the number at risk at its start and the events in it. */
class KaplanMeierSpecTest {
    static final KaplanMeierSpec SPEC = KaplanMeierSpec.parse(JsonCodec.tree("{\"time\": {\"name\": \"t\", \"patient\": \"age\"},"
            + " \"event\": {\"name\": \"e\", \"system\": \"s\", \"code\": \"c\"}, \"edges\": [0, 10, 20]}"));

    @Test
    void theVectorCountsAtRiskAndEventsPerIntervalAndTwoNodesAddUpToThePooledRows() {
        List<double[]> a = List.of(new double[] {5, 1}, new double[] {12, 0}, new double[] {25, 1}, new double[] {Double.NaN, 1});
        List<double[]> b = List.of(new double[] {-1, 1}, new double[] {10, 1}, new double[] {19.5, 1});
        // complete cases, then [0, 10): at risk, events; [10, 20): at risk, events (a time before 0 is never at risk)
        assertThat(SPEC.contribution(a)).containsExactly(3, 3, 1, 2, 0);
        assertThat(SPEC.contribution(b)).containsExactly(3, 2, 0, 2, 2);
        List<double[]> pooled = new java.util.ArrayList<>(a);
        pooled.addAll(b);
        double[] sum = new double[5];
        for (List<double[]> node : List.of(a, b)) {
            double[] v = SPEC.contribution(node);
            for (int i = 0; i < v.length; i++) sum[i] += v[i];
        }
        assertThat(SPEC.contribution(pooled)).containsExactly(sum);
    }

    @Test
    void badRequestsNameThePath() {
        assertThatThrownBy(() -> KaplanMeierSpec.parse(JsonCodec.tree("{\"time\": {\"name\": \"t\", \"patient\": \"age\"}}")))
                .hasMessageStartingWith("$.event");
        assertThatThrownBy(() -> KaplanMeierSpec.parse(JsonCodec.tree("{\"time\": {\"name\": \"t\", \"patient\": \"age\"},"
                + " \"event\": {\"name\": \"e\", \"patient\": \"sex\"}, \"edges\": [5]}"))).hasMessageStartingWith("$.edges");
        assertThatThrownBy(() -> KaplanMeierSpec.parse(JsonCodec.tree("{\"time\": {\"name\": \"t\", \"patient\": \"age\"},"
                + " \"event\": {\"name\": \"e\", \"patient\": \"sex\"}, \"edges\": [5, 5]}"))).hasMessage("$.edges[1]: edges must be strictly ascending");
        assertThatThrownBy(() -> SPEC.contribution(List.<double[]>of(new double[] {1, 2}))).hasMessageContaining("give eventAbove");
    }
}
