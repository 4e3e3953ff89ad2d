package org.fedra.privacy.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryAuditorTest {

    private static List<String> ids(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).mapToObj(i -> "p" + i).toList();
    }

    @Test
    void countOfAllButOneIsRefusedAndNothingIsRecorded() {
        QueryAuditor auditor = new QueryAuditor(5);
        assertThat(auditor.release("all diabetics", ids(0, 100))).isEqualTo(100);
        assertThatThrownBy(() -> auditor.release("all diabetics except ward 3", ids(1, 100)))
                .isInstanceOf(DisclosureRefusedException.class)
                .hasMessage("query 'all diabetics except ward 3' differs from released query 'all diabetics' by 1 records,"
                        + " below the minimum of 5");
        assertThat(auditor.releasedCount()).isEqualTo(1);
        // repeating an identical cohort reveals nothing new
        assertThat(auditor.release("same again", ids(0, 100))).isEqualTo(100);
        assertThatThrownBy(() -> auditor.release("all but four", ids(4, 100))).isInstanceOf(DisclosureRefusedException.class);
        assertThat(auditor.release("all but five", ids(5, 100))).isEqualTo(95);
        assertThat(auditor.releasedCount()).isEqualTo(3);
    }

    @Test
    void smallCountIsRefused() {
        QueryAuditor auditor = new QueryAuditor(5);
        assertThatThrownBy(() -> auditor.release("rare", ids(0, 3))).isInstanceOf(DisclosureRefusedException.class)
                .hasMessageContaining("counts 3 records, below the minimum of 5");
        assertThat(auditor.release("nobody", List.of())).isZero();
        assertThat(auditor.releasedCount()).isEqualTo(1);
    }

    @Test
    void intersectionInferredFromThreeCountsIsRefused() {
        QueryAuditor auditor = new QueryAuditor(5);
        List<String> a = ids(0, 50);
        List<String> b = ids(48, 100); // A ∩ B = {p48, p49}
        auditor.release("A", a);
        auditor.release("B", b);
        assertThat(auditor.wouldRelease(ids(0, 100))).isFalse();
        // |A| + |B| - |A ∪ B| = 2: no pairwise difference is small, the linear check catches it
        assertThatThrownBy(() -> auditor.release("A or B", ids(0, 100))).isInstanceOf(DisclosureRefusedException.class)
                .hasMessageContaining("determines a group of 2 records");
        assertThat(auditor.releasedCount()).isEqualTo(2);
    }

    @Test
    void largeOverlapsAndDisjointCohortsPass() {
        QueryAuditor auditor = new QueryAuditor(10);
        auditor.release("A", ids(0, 50));
        auditor.release("B", ids(30, 90));
        auditor.release("A or B", ids(0, 90)); // intersection has 20 >= 10
        auditor.release("C", ids(200, 260));
        assertThat(auditor.releasedCount()).isEqualTo(4);
        assertThat(auditor.wouldRelease(ids(0, 89))).isFalse();
    }

    @Test
    void duplicatesCountOnce() {
        QueryAuditor auditor = new QueryAuditor(2);
        assertThat(auditor.release("dup", List.of("x", "x", "y"))).isEqualTo(2);
    }

    @Test
    void rejectsBadMinimum() {
        assertThatThrownBy(() -> new QueryAuditor(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimum");
    }
}
