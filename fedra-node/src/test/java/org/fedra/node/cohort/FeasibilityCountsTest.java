package org.fedra.node.cohort;

import org.fedra.node.inventory.DisclosureSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeasibilityCountsTest {
    @Test
    void suppressesSmallCountsAndRoundsTheRest() {
        CohortResult r = new CohortResult();
        for (int i = 0; i < 27; i++) r.add(FeasibilityCategory.USABLE, "u" + i);
        for (int i = 0; i < 9; i++) r.add(FeasibilityCategory.NEEDS_CONSENT, "n" + i);
        for (int i = 0; i < 10; i++) r.add(FeasibilityCategory.NOT_ASSESSABLE, "a" + i);

        FeasibilityCounts c = FeasibilityCounts.release(r, new DisclosureSettings(10, 5));
        assertThat(c.minimumCellSize()).isEqualTo(10);
        assertThat(c.roundingBase()).isEqualTo(5);
        assertThat(c.of(FeasibilityCategory.USABLE)).isEqualTo(new FeasibilityCounts.Released(false, 25));
        assertThat(c.of(FeasibilityCategory.NEEDS_CONSENT)).isEqualTo(new FeasibilityCounts.Released(true, 0));
        assertThat(c.of(FeasibilityCategory.NOT_ASSESSABLE)).isEqualTo(new FeasibilityCounts.Released(false, 10));
        assertThat(c.of(FeasibilityCategory.REFUSED)).isEqualTo(new FeasibilityCounts.Released(false, 0));
        assertThat(c.of(FeasibilityCategory.NEEDS_CONSENT).toString()).isEqualTo("suppressed");

        FeasibilityCounts exact = FeasibilityCounts.release(r, new DisclosureSettings(1, 1));
        assertThat(exact.of(FeasibilityCategory.USABLE).value()).isEqualTo(27);
        assertThat(exact.of(FeasibilityCategory.NEEDS_CONSENT).value()).isEqualTo(9);
    }
}
