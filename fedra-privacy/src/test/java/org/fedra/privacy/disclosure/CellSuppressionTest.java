package org.fedra.privacy.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedra.privacy.disclosure.SuppressedTable.Cell;
import org.fedra.privacy.disclosure.SuppressedTable.Status;
import org.junit.jupiter.api.Test;

class CellSuppressionTest {
    private final CellSuppression suppression = new CellSuppression(MinimumCellCount.of(5));

    /**
     * <pre>
     *        c0  c1  c2 | total
     *   r0   20  15   2 |  37
     *   r1   30  25  18 |  73
     *   r2   12  40  22 |  74
     *   ----------------+------
     *        62  80  42 | 184
     * </pre>
     */
    private static ContingencyTable leaky() {
        return ContingencyTable.of(new long[][] {{20, 15, 2}, {30, 25, 18}, {12, 40, 22}});
    }

    @Test
    void primaryOnlySuppressionLeaksTheCellThroughItsMargins() {
        SuppressedTable naive = suppression.primaryOnly(leaky());
        assertThat(naive.cells(Status.PRIMARY)).containsExactly(new Cell(0, 2));
        // 37 - 20 - 15 = 2: the attacker solves the row equation
        assertThat(MarginAttack.recoverable(naive)).containsExactly(Map.entry(new Cell(0, 2), 2L));
    }

    @Test
    void secondarySuppressionProtectsTheCellWithTheCheapestComplement() {
        SuppressedTable safe = suppression.suppress(leaky());
        assertThat(MarginAttack.recoverable(safe)).isEmpty();
        assertThat(safe.published(0, 2)).isEmpty();
        // cheapest cycle through (r0,c2): (r0,c0)=20, (r2,c0)=12, (r2,c2)=22 -> loss 54, margins untouched
        assertThat(safe.cells(Status.SECONDARY)).containsExactlyInAnyOrder(new Cell(0, 0), new Cell(2, 0), new Cell(2, 2));
        assertThat(safe.secondaryLoss()).isEqualTo(54);
        assertThat(safe.published(0, 3)).hasValue(37);
        assertThat(safe.published(3, 3)).hasValue(184);
    }

    @Test
    void smallMarginIsSuppressedAndStillProtected() {
        ContingencyTable t = ContingencyTable.of(new long[][] {{1, 2, 0}, {10, 20, 30}, {15, 25, 35}});
        SuppressedTable naive = suppression.primaryOnly(t);
        assertThat(naive.cells(Status.PRIMARY)).containsExactly(new Cell(0, 0), new Cell(0, 1), new Cell(0, 3));
        assertThat(MarginAttack.recoverable(naive)).isNotEmpty();
        SuppressedTable safe = suppression.suppress(t);
        assertThat(MarginAttack.recoverable(safe)).isEmpty();
        assertThat(safe.published(0, 3)).isEmpty();
    }

    @Test
    void singleRowTableIsProtectedThroughItsTotalsRow() {
        ContingencyTable t = ContingencyTable.of(new long[][] {{3, 40, 50}});
        SuppressedTable safe = suppression.suppress(t);
        assertThat(MarginAttack.recoverable(safe)).isEmpty();
        assertThat(safe.published(0, 0)).isEmpty();
        assertThat(safe.published(1, 0)).isEmpty(); // the column total equals the cell
    }

    @Test
    void noSuppressedCellIsEverRecoverableInRandomTables() {
        SplittableRandom rng = new SplittableRandom(2026);
        int naiveLeaks = 0;
        for (int trial = 0; trial < 300; trial++) {
            int rows = rng.nextInt(1, 7);
            int cols = rng.nextInt(1, 7);
            long[][] counts = new long[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    counts[r][c] = rng.nextInt(0, 25);
                }
            }
            ContingencyTable t = ContingencyTable.of(counts);
            if (!MarginAttack.recoverable(suppression.primaryOnly(t)).isEmpty()) {
                naiveLeaks++;
            }
            SuppressedTable safe = suppression.suppress(t);
            assertThat(MarginAttack.recoverable(safe)).as("table %s", java.util.Arrays.deepToString(counts)).isEmpty();
            for (int r = 0; r <= rows; r++) {
                for (int c = 0; c <= cols; c++) {
                    if (MinimumCellCount.of(5).isSensitive(t.get(r, c))) {
                        assertThat(safe.published(r, c)).isEmpty();
                    }
                }
            }
        }
        assertThat(naiveLeaks).isGreaterThan(100);
    }

    @Test
    void tableWithoutSensitiveCellsIsPublishedWhole() {
        SuppressedTable t = suppression.suppress(ContingencyTable.of(new long[][] {{5, 6}, {7, 0}}));
        assertThat(t.cells(Status.PUBLISHED)).hasSize(9);
    }

    @Test
    void zeroSensitivityIsConfigurable() {
        CellSuppression strict = new CellSuppression(new MinimumCellCount(5, true));
        SuppressedTable t = strict.suppress(ContingencyTable.of(new long[][] {{5, 6}, {7, 0}}));
        assertThat(t.status(1, 1)).isEqualTo(Status.PRIMARY);
        assertThat(MarginAttack.recoverable(t)).isEmpty();
    }

    @Test
    void rejectsMalformedTables() {
        assertThatThrownBy(() -> ContingencyTable.of(new long[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1 (r1) has 1 counts, expected 2");
        assertThatThrownBy(() -> ContingencyTable.of(new long[][] {{1, -2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative count -2 at row r0, column c1");
        assertThatThrownBy(() -> new ContingencyTable(List.of("a"), List.of(), new long[][] {{}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinimumCellCount.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leaky().get(4, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("outside the 4 x 4 extended table");
    }
}
