package org.fedra.privacy.securityindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityAssessmentTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Finding finding(String id, double cvss) {
        return new Finding(id, cvss, "OSV", 1, Remediation.NONE, List.of());
    }

    /**
     * H1: CVE-A 9.8, CVE-B 5.0; H2: CVE-A 9.8; R1: CVE-C 7.5 weight 2; HUB clean.
     * D = 0.98 + 0.5 + 0.98 + 1.5 = 3.96.
     */
    private static NetworkFindings network() {
        return NetworkFindings.empty()
                .withFindings("H1", List.of(finding("CVE-A", 9.8), finding("CVE-B", 5.0)))
                .withFindings("H2", List.of(finding("CVE-A", 9.8)))
                .withFindings("R1", List.of(new Finding("CVE-C", 7.5, "DECLARED", 2, Remediation.NONE, List.of())))
                .withNode("HUB");
    }

    @Test
    void assessesEveryNodeBySectionSix() {
        SecurityAssessment a = SecurityAssessment.of(network(), T0);
        assertThat(a.at()).isEqualTo(T0);
        assertThat(a.index("H1")).isCloseTo(100 * (1 - 1.48 / 3.96), within(1e-10));
        assertThat(a.index("H2")).isCloseTo(100 * (1 - 0.98 / 3.96), within(1e-10));
        assertThat(a.index("R1")).isCloseTo(100 * (1 - 1.5 / 3.96), within(1e-10));
        assertThat(a.index("HUB")).isEqualTo(100.0);
        assertThat(a.below(70)).containsExactly("H1", "R1");
        assertThat(a.findings("H1")).extracting(Finding::vulnerabilityId).containsExactly("CVE-A", "CVE-B");
    }

    @Test
    void aRemediationMovesOnlyItsNodeAndIsReportedAsAChange() {
        SecurityAssessment before = SecurityAssessment.of(network(), T0);
        Remediation patched = new Remediation(RemediationKind.PATCHED, 4, "backported fix");
        SecurityAssessment after = SecurityAssessment.of(network().withRemediation("H1", "CVE-A", patched),
                T0.plusSeconds(60));
        // RE enters the numerator only: P_H1 = (0.98/4 + 0.5)/3.96
        assertThat(after.index("H1")).isCloseTo(100 * (1 - 0.745 / 3.96), within(1e-10));
        assertThat(after.changesSince(before)).singleElement().satisfies(c -> {
            assertThat(c.nodeId()).isEqualTo("H1");
            assertThat(c.before()).isEqualTo(before.index("H1"));
            assertThat(c.after()).isEqualTo(after.index("H1"));
            assertThat(c.roseTo(75)).isTrue();
            assertThat(c.fellBelow(75)).isFalse();
        });
        assertThat(after.findings("H1").get(0).remediation()).isEqualTo(patched);
        assertThat(before.findings("H1").get(0).remediation()).isEqualTo(Remediation.NONE); // history is immutable
    }

    @Test
    void aNewFindingAnywhereMovesEveryIndex() {
        SecurityAssessment before = SecurityAssessment.of(network(), T0);
        NetworkFindings worse = network().withFindings("HUB", List.of(finding("CVE-D", 10)));
        SecurityAssessment after = SecurityAssessment.of(worse, T0);
        assertThat(after.changesSince(before)).extracting(IndexChange::nodeId).containsExactly("H1", "H2", "R1", "HUB");
        assertThat(after.index("H1")).isCloseTo(100 * (1 - 1.48 / 4.96), within(1e-10));
        assertThat(after.changesSince(before).get(3).fellBelow(90)).isTrue();
        SecurityAssessment left = SecurityAssessment.of(network().withoutNode("R1"), T0);
        assertThat(left.changesSince(before)).filteredOn(c -> c.nodeId().equals("R1")).singleElement()
                .satisfies(c -> assertThat(c.after()).isNaN());
    }

    @Test
    void inconsistentChangesAreRefusedAndThePreviousValueKept() {
        NetworkFindings n = network();
        assertThatThrownBy(() -> n.withFindings("HUB", List.of(finding("CVE-A", 5.0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CVE-A has CVSS 9.8 elsewhere");
        assertThatThrownBy(() -> n.withFindings("HUB", List.of(finding("CVE-X", 5.0), finding("CVE-X", 5.0))))
                .hasMessageContaining("already lists vulnerability CVE-X");
        assertThatThrownBy(() -> n.withRemediation("H2", "CVE-B", Remediation.NONE))
                .hasMessageContaining("node H2 has no finding CVE-B");
        assertThatThrownBy(() -> new Remediation(RemediationKind.PATCHED, 0.5, ""))
                .hasMessageContaining("must be finite and >= 1");
        assertThatThrownBy(() -> new Remediation(RemediationKind.NONE, 3, ""))
                .hasMessageContaining("needs a remediation kind");
        assertThat(n).isEqualTo(network());
    }
}
