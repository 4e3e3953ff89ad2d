package org.fedra.privacy.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.fedra.privacy.disclosure.SuppressedTable.Status;
import org.junit.jupiter.api.Test;

class MultiwaySuppressionTest {
    private final MultiwaySuppression suppression = new MultiwaySuppression(MinimumCellCount.of(5));

    /** sex (2) x age band (2) x diagnosis (3); cell (1,0,2) = 3 is sensitive. */
    private static MultiwayTable threeWay() {
        return new MultiwayTable(new int[] {2, 2, 3}, new long[] {
            10, 12, 8, // (0,0,*)
            20, 15, 9, // (0,1,*)
            11, 14, 3, // (1,0,*)
            25, 30, 7, // (1,1,*)
        });
    }

    @Test
    void marginsAreTheSumsOverEachDimension() {
        MultiwayTable t = threeWay();
        assertThat(t.get(0, 0, 3)).isEqualTo(30); // total over diagnosis
        assertThat(t.get(2, 0, 2)).isEqualTo(11); // total over sex: 8 + 3
        assertThat(t.get(1, 2, 3)).isEqualTo(90); // sex 1 overall
        assertThat(t.get(2, 2, 3)).isEqualTo(164); // grand total
        assertThat(t.isMargin(1, 0, 2)).isFalse();
        assertThat(t.isMargin(2, 0, 2)).isTrue();
    }

    @Test
    void primaryOnlyLeaksAndHypercubeSuppressionDoesNot() {
        MultiwaySuppressedTable naive = suppression.primaryOnly(threeWay());
        assertThat(naive.cells(Status.PRIMARY)).containsExactly(new int[] {1, 0, 2});
        assertThat(naive.recoverable()).containsEntry(List.of(1, 0, 2), 3L);

        MultiwaySuppressedTable safe = suppression.suppress(threeWay());
        assertThat(safe.recoverable()).isEmpty();
        assertThat(safe.published(1, 0, 2)).isEmpty();
        // one 2x2x2 box: 7 complementary cells around the target
        assertThat(safe.cells(Status.SECONDARY)).hasSize(7);
    }

    @Test
    void twoWayTablesAgreeWithTheTwoWayModel() {
        long[][] counts = {{20, 15, 2}, {30, 25, 18}, {12, 40, 22}};
        MultiwayTable t = new MultiwayTable(new int[] {3, 3}, new long[] {20, 15, 2, 30, 25, 18, 12, 40, 22});
        ContingencyTable c = ContingencyTable.of(counts);
        for (int r = 0; r <= 3; r++) {
            for (int col = 0; col <= 3; col++) {
                assertThat(t.get(r, col)).isEqualTo(c.get(r, col));
            }
        }
        MultiwaySuppressedTable safe = suppression.suppress(t);
        assertThat(safe.recoverable()).isEmpty();
        // the cheapest 2x2 box is the same cycle CellSuppression finds: loss 20 + 12 + 22
        assertThat(safe.secondaryLoss()).isEqualTo(54);
    }

    @Test
    void randomThreeWayTablesNeverLeak() {
        SplittableRandom rng = new SplittableRandom(77);
        int naiveLeaks = 0;
        for (int trial = 0; trial < 40; trial++) {
            int[] shape = {rng.nextInt(1, 4), rng.nextInt(2, 4), rng.nextInt(2, 4)};
            long[] counts = new long[shape[0] * shape[1] * shape[2]];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = rng.nextInt(0, 30);
            }
            MultiwayTable t = new MultiwayTable(shape, counts);
            if (!suppression.primaryOnly(t).recoverable().isEmpty()) {
                naiveLeaks++;
            }
            MultiwaySuppressedTable safe = suppression.suppress(t);
            assertThat(safe.recoverable()).isEmpty();
            for (int f = 0; f < t.extendedSize(); f++) {
                int[] index = t.unflatten(f);
                if (MinimumCellCount.of(5).isSensitive(t.get(index))) {
                    assertThat(safe.published(index)).isEmpty();
                }
            }
        }
        assertThat(naiveLeaks).isGreaterThan(10);
    }

    @Test
    void rejectsMalformedInput() {
        assertThatThrownBy(() -> new MultiwayTable(new int[] {2, 2}, new long[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 counts, got 3");
        assertThatThrownBy(() -> new MultiwayTable(new int[] {2, 0}, new long[] {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension 1 has 0 levels");
        assertThatThrownBy(() -> new MultiwayTable(new int[] {2}, new long[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative count -1 at cell [1]");
        assertThatThrownBy(() -> threeWay().get(0, 3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> threeWay().get(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 3 indices");
    }
}
