package org.fedra.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.hub.security.QuarantinePolicy.Key;
import org.fedra.hub.security.QuarantinePolicy.StudyMinimum;
import org.junit.jupiter.api.Test;

class QuarantinePolicyTest {
    @Test
    void aNodeStrictlyBelowAMinimumIsDueWithTheReasonOneAtTheMinimumIsNot() {
        Map<String, Double> index = Map.of("a", 69.999, "b", 70.0, "c", 100.0);
        assertThat(QuarantinePolicy.due(index, 70, List.of())).containsExactly(
                Map.entry(new Key("a", ""), "node a's security index 70.00 is below the federation's minimum of 70"));
    }

    @Test
    void aStudysMinimumJudgesOnlyTheStudysNodesAndANodeWithoutAnIndexIsNotJudged() {
        Map<String, Double> index = Map.of("a", 40.0, "b", 85.5, "c", 30.0);
        var due = QuarantinePolicy.due(index, 0, List.of(new StudyMinimum("study-1", 90, Set.of("a", "b", "x")),
                new StudyMinimum("study-2", 0, Set.of("a", "c"))));
        assertThat(due.keySet()).containsExactly(new Key("a", "study-1"), new Key("b", "study-1"));
        assertThat(due.get(new Key("b", "study-1"))).isEqualTo("node b's security index 85.50 is below study study-1's minimum of 90");
    }

    @Test
    void noMinimumNoQuarantine() {
        assertThat(QuarantinePolicy.due(Map.of("a", 0.0), 0, List.of())).isEmpty();
    }
}
