package org.fedra.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeldOutSplitTest {
    @Test
    void theSplitIsAFunctionOfSeedAndPatientOnly() {
        HeldOutSplit a = new HeldOutSplit(42, 0.3);
        HeldOutSplit b = new HeldOutSplit(42, 0.3);
        int heldOut = 0;
        int differs = 0;
        HeldOutSplit other = new HeldOutSplit(43, 0.3);
        for (int i = 0; i < 10_000; i++) {
            String patient = "patient-" + i;
            assertThat(a.heldOut(patient)).isEqualTo(b.heldOut(patient));
            assertThat(a.heldOut(patient)).as("asking twice").isEqualTo(a.heldOut(patient));
            if (a.heldOut(patient)) heldOut++;
            if (a.heldOut(patient) != other.heldOut(patient)) differs++;
        }
        // binomial(10000, 0.3): mean 3000, sd 46
        assertThat(heldOut).isBetween(2800, 3200);
        // another seed draws another split: independent draws disagree on 2 * 0.3 * 0.7 = 42% of patients
        assertThat(differs).isBetween(3900, 4500);
    }

    @Test
    void aLargerFractionHoldsOutASuperset() {
        HeldOutSplit small = new HeldOutSplit(7, 0.2);
        HeldOutSplit large = new HeldOutSplit(7, 0.5);
        for (int i = 0; i < 2000; i++) {
            if (small.heldOut("p" + i)) assertThat(large.heldOut("p" + i)).isTrue();
        }
    }

    @Test
    void aFractionOutsideTheOpenUnitIntervalIsRefused() {
        assertThatThrownBy(() -> new HeldOutSplit(1, 0)).hasMessageContaining("testFraction");
        assertThatThrownBy(() -> new HeldOutSplit(1, 1)).hasMessageContaining("testFraction");
    }
}
