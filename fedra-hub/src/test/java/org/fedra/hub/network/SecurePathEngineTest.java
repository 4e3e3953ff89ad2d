package org.fedra.hub.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.fedra.hub.network.PathResult.Outcome;
import org.fedra.privacy.securityindex.SecurityIndex;
import org.fedra.protocol.failure.Failure;
import org.junit.jupiter.api.Test;

/**
 * The topology of topology.json: core-2 carries a 10.0 vulnerability (index 50), acc-south one at remediation level 2
 * (index 75); every other node is at 100. Hospital A reaches the hub in 8.5 ms through core-2, or in 19.5 ms through
 * core-1 and core-3, whose link to the hub has 500 Mbit available.
 */
class SecurePathEngineTest {
    private static final Topology TOPOLOGY = TopologyReaderTest.topology();
    private static final SecurePathEngine ENGINE = SecurePathEngine.of(TOPOLOGY,
            SecurityIndex.of(TOPOLOGY.declaredFindings().snapshot()));

    @Test
    void indicesComeFromTheDeclaredFindings() {
        assertThat(ENGINE.index("core-2")).isCloseTo(50.0, within(1e-9));
        assertThat(ENGINE.index("acc-south")).isCloseTo(75.0, within(1e-9));
        assertThat(ENGINE.index("hospital-a")).isEqualTo(100.0);
        assertThat(ENGINE.attackProbability("core-2")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void thresholdZeroIsClassicBandwidthAndLatencyRouting() {
        PathResult r = ENGINE.route(PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 0));
        assertThat(r.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(r.nodes()).containsExactly("hospital-a", "acc-north", "core-2", "acc-hub", "hub");
        assertThat(r.links()).containsExactly("a-north", "north-2", "core-2-hub", "hub-acc");
        assertThat(r.delay()).isEqualTo(8_500);
        assertThat(r.attackProbability()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aThresholdRoutesAroundWeakNodes() {
        PathResult r = ENGINE.route(PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 60));
        assertThat(r.nodes()).containsExactly("hospital-a", "acc-north", "core-1", "core-3", "acc-hub", "hub");
        assertThat(r.delay()).isEqualTo(19_500);
        assertThat(r.attackProbability()).isZero();
    }

    @Test
    void saysWhichConstraintCannotBeMet() {
        PathResult delay = ENGINE.route(PathRequest.of("hospital-a", "hub", "100Mbit", "15ms", 60));
        assertThat(delay.outcome()).isEqualTo(Outcome.DELAY_EXCEEDED);
        assertThat(delay.delay()).isEqualTo(19_500);
        assertThat(delay.message()).contains("19.5ms, more than 15ms");

        PathResult both = ENGINE.route(PathRequest.of("hospital-a", "hub", "600Mbit", "40ms", 60));
        assertThat(both.outcome()).isEqualTo(Outcome.BANDWIDTH_AND_SECURITY);
        assertThat(ENGINE.route(PathRequest.of("hospital-a", "hub", "600Mbit", "40ms", 0)).found()).isTrue();

        PathResult bandwidth = ENGINE.route(PathRequest.of("hospital-b", "hub", "500Mbit", "40ms", 0));
        assertThat(bandwidth.outcome()).isEqualTo(Outcome.INSUFFICIENT_BANDWIDTH);
        assertThat(bandwidth.message()).contains("500Mbit free on every link");

        PathResult security = ENGINE.route(PathRequest.of("hospital-c", "hub", "10Mbit", "40ms", 80));
        assertThat(security.outcome()).isEqualTo(Outcome.BELOW_SECURITY_THRESHOLD);
        assertThat(security.message()).contains("passes only nodes with security index 80.0 or more");

        PathResult endpoint = ENGINE.route(PathRequest.of("core-2", "hub", "10Mbit", "40ms", 60));
        assertThat(endpoint.outcome()).isEqualTo(Outcome.BELOW_SECURITY_THRESHOLD);
        assertThat(endpoint.message()).isEqualTo("source core-2 has security index 50.00, below the threshold 60.0");

        Topology island = Topology.of(List.of(new NetworkNode("x", NetworkNode.Kind.ROUTER, null, List.of()),
                new NetworkNode("y", NetworkNode.Kind.ROUTER, null, List.of())), List.of());
        PathResult none = SecurePathEngine.of(island, SecurityIndex.of(island.declaredFindings().snapshot()))
                .route(PathRequest.of("x", "y", "1bit", "1s", 0));
        assertThat(none.outcome()).isEqualTo(Outcome.NO_ROUTE);

        assertThatThrownBy(() -> ENGINE.route(PathRequest.of("hospital-z", "hub", "1Mbit", "40ms", 0)))
                .isInstanceOf(Failure.class).hasMessage("unknown network node: hospital-z");
        assertThatThrownBy(() -> PathRequest.of("a", "b", "1Mbit", "40ms", 101))
                .hasMessageContaining("minimum security index must lie in [0, 100]");
    }

    @Test
    void reservedBandwidthIsNotAvailable() {
        PathRequest r = PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 60);
        assertThat(ENGINE.route(r, Map.of("core-3-hub", 450_000_000L)).outcome())
                .isEqualTo(Outcome.BANDWIDTH_AND_SECURITY);
        assertThat(ENGINE.route(r, Map.of("core-3-hub", 400_000_000L)).found()).isTrue();
    }

    @Test
    void leastDelayWithinARiskBound() {
        PathRequest a = PathRequest.of("hospital-a", "hub", "10Mbit", "40ms", 0);
        assertThat(ENGINE.routeWithinRisk(a, 0.5, Map.of()).delay()).isEqualTo(8_500);
        assertThat(ENGINE.routeWithinRisk(a, 0.4, Map.of()).delay()).isEqualTo(19_500);
        PathRequest c = PathRequest.of("hospital-c", "hub", "10Mbit", "40ms", 0);
        PathResult risky = ENGINE.routeWithinRisk(c, 1, Map.of());
        assertThat(risky.delay()).isEqualTo(11_500);
        assertThat(risky.attackProbability()).isCloseTo(0.75, within(1e-12));
        PathResult careful = ENGINE.routeWithinRisk(c, 0.3, Map.of());
        assertThat(careful.nodes()).containsExactly("hospital-c", "acc-south", "core-3", "acc-hub", "hub");
        assertThat(careful.delay()).isEqualTo(15_500);
        assertThat(careful.attackProbability()).isCloseTo(0.25, within(1e-12));
        assertThat(ENGINE.routeWithinRisk(c, 0.2, Map.of()).outcome()).isEqualTo(Outcome.RISK_EXCEEDED);
        PathResult slow = ENGINE.routeWithinRisk(PathRequest.of("hospital-c", "hub", "10Mbit", "12ms", 0), 0.3, Map.of());
        assertThat(slow.outcome()).isEqualTo(Outcome.DELAY_EXCEEDED);
        assertThat(slow.delay()).isEqualTo(15_500);
    }
}
