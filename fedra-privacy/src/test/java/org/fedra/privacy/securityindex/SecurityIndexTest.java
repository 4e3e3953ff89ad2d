package org.fedra.privacy.securityindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecurityIndexTest {
    private static final double EPS = 1e-12;

    /**
     * H1: CVE-A (9.8, RE 1), CVE-B (5.0, RE 2); H2: CVE-A (9.8, RE 4, remediated);
     * R1: CVE-C (7.5, RE 1, α 2); HUB: nothing.
     * Total exposure D = 0.98 + 0.5 + 0.98 + 2·0.75 = 3.96.
     * P_H1 = (0.98 + 0.25)/3.96 = 41/132; P_H2 = 0.245/3.96 = 49/792; P_R1 = 1.5/3.96 = 25/66; P_HUB = 0.
     */
    private static NetworkSnapshot network() {
        return NetworkSnapshot.builder()
                .node("H1").node("H2").node("R1").node("HUB")
                .vulnerability("H1", "CVE-A", 9.8, 1)
                .vulnerability("H1", "CVE-B", 5.0, 2)
                .vulnerability("H2", "CVE-A", 9.8, 4)
                .vulnerability("R1", new Vulnerability("CVE-C", 7.5, 1, 2))
                .build();
    }

    @Test
    void handComputedIndices() {
        SecurityIndex si = SecurityIndex.of(network());
        assertThat(si.attackProbability("H1")).isCloseTo(41.0 / 132, within(EPS));
        assertThat(si.attackProbability("H2")).isCloseTo(49.0 / 792, within(EPS));
        assertThat(si.attackProbability("R1")).isCloseTo(25.0 / 66, within(EPS));
        assertThat(si.attackProbability("HUB")).isZero();
        assertThat(si.index("H1")).isCloseTo(100 * 91.0 / 132, within(1e-10)); // 68.9393...
        assertThat(si.index("H2")).isCloseTo(100 * 743.0 / 792, within(1e-10)); // 93.8131...
        assertThat(si.index("R1")).isCloseTo(100 * 41.0 / 66, within(1e-10)); // 62.1212...
        assertThat(si.index("HUB")).isEqualTo(100.0);
        assertThat(si.indices()).containsOnlyKeys("H1", "H2", "R1", "HUB");
    }

    @Test
    void remediationRaisesTheNodesIndexAndNobodyElses() {
        NetworkSnapshot hardened = network().withRemediation("H1", "CVE-A", 2);
        SecurityIndex before = SecurityIndex.of(network());
        SecurityIndex after = SecurityIndex.of(hardened);
        // RE does not enter the denominator: only H1 changes, P_H1 = (0.49 + 0.25)/3.96
        assertThat(after.attackProbability("H1")).isCloseTo(0.74 / 3.96, within(EPS));
        assertThat(after.index("H2")).isCloseTo(before.index("H2"), within(EPS));
        assertThat(after.index("R1")).isCloseTo(before.index("R1"), within(EPS));
    }

    @Test
    void indexIsRelativeAVulnerabilityOnOneNodeMovesEveryOther() {
        NetworkSnapshot worse = network().withVulnerability("HUB", Vulnerability.of("CVE-D", 10, 1));
        SecurityIndex si = SecurityIndex.of(worse);
        // D = 3.96 + 1.0 = 4.96; every other node's share shrinks
        assertThat(si.attackProbability("HUB")).isCloseTo(1 / 4.96, within(EPS));
        assertThat(si.index("HUB")).isCloseTo(100 * (1 - 1 / 4.96), within(1e-10));
        assertThat(si.attackProbability("H1")).isCloseTo(1.23 / 4.96, within(EPS));
        assertThat(si.attackProbability("H2")).isCloseTo(0.245 / 4.96, within(EPS));
        assertThat(si.attackProbability("R1")).isCloseTo(1.5 / 4.96, within(EPS));
        assertThat(si.index("H1")).isGreaterThan(SecurityIndex.of(network()).index("H1"));
    }

    @Test
    void removingAVulnerabilityRestoresThePreviousIndices() {
        NetworkSnapshot worse = network().withVulnerability("HUB", Vulnerability.of("CVE-D", 10, 1));
        SecurityIndex restored = SecurityIndex.of(worse.withoutVulnerability("HUB", "CVE-D"));
        SecurityIndex original = SecurityIndex.of(network());
        assertThat(restored.indices()).isEqualTo(original.indices());
        // fixing R1's only vulnerability: D = 3.96 - 1.5 = 2.46
        SecurityIndex fixed = SecurityIndex.of(network().withoutVulnerability("R1", "CVE-C"));
        assertThat(fixed.index("R1")).isEqualTo(100.0);
        assertThat(fixed.attackProbability("H1")).isCloseTo(1.23 / 2.46, within(EPS));
        assertThatThrownBy(() -> network().withoutVulnerability("HUB", "CVE-A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node HUB has no vulnerability CVE-A");
    }

    @Test
    void networkWithoutVulnerabilitiesIsFullyTrusted() {
        NetworkSnapshot clean = NetworkSnapshot.builder().node("A").node("B").build();
        SecurityIndex si = SecurityIndex.of(clean);
        assertThat(si.index("A")).isEqualTo(100.0);
        assertThat(si.index("B")).isEqualTo(100.0);
        // CVSS 0 everywhere is also zero exposure
        SecurityIndex zero = SecurityIndex.of(clean.withVulnerability("A", Vulnerability.of("CVE-0", 0, 1)));
        assertThat(zero.index("A")).isEqualTo(100.0);
    }

    @Test
    void singleUnremediatedNodeCarriesAllTheRisk() {
        SecurityIndex si = SecurityIndex.of(NetworkSnapshot.builder().node("A").node("B")
                .vulnerability("A", "CVE-X", 6.1, 1).build());
        assertThat(si.index("A")).isCloseTo(0.0, within(1e-12));
        assertThat(si.index("B")).isEqualTo(100.0);
    }

    @Test
    void pathWeightsAdd() {
        SecurityIndex si = SecurityIndex.of(network());
        assertThat(si.pathWeight(List.of("H1", "R1", "HUB")))
                .isCloseTo(41.0 / 132 + 25.0 / 66, within(EPS));
        assertThat(si.pathWeight("H2")).isEqualTo(si.attackProbability("H2"));
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> Vulnerability.of("CVE-1", 10.5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CVSS base score of CVE-1 must lie in [0, 10]");
        assertThatThrownBy(() -> Vulnerability.of("CVE-1", -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vulnerability.of("CVE-1", 5, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("remediation level of CVE-1 must be finite and >= 1");
        assertThatThrownBy(() -> new Vulnerability("CVE-1", 5, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight");
        assertThatThrownBy(() -> NetworkSnapshot.builder().node("A").vulnerability("B", "CVE-1", 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown network node: B");
        assertThatThrownBy(() -> NetworkSnapshot.builder().node("A").node("B")
                .vulnerability("A", "CVE-1", 5, 1).vulnerability("B", "CVE-1", 6, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has CVSS 5.0 elsewhere");
        assertThatThrownBy(() -> network().withRemediation("H2", "CVE-B", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no vulnerability CVE-B");
        SecurityIndex si = SecurityIndex.of(network());
        assertThatThrownBy(() -> si.index("NOPE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown network node: NOPE");
    }
}
