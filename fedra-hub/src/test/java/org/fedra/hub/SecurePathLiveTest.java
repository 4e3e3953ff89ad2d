package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fedra.hub.network.PathRequest;
import org.fedra.hub.network.PathResult;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.posture.HostPackages;
import org.fedra.protocol.failure.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path computation over the operator's topology (test resource trust/topology.json) with the live indices: the
 * router core-2 has a declared CVSS 10 vulnerability, acc-south one remediated to level 2, node b an unpatched glibc
 * from its posture and the feed.
 */
class SecurePathLiveTest extends LiveFederation {
    SecurePathLiveTest() {
        super(true);
    }

    String topology(NodeAgent a, NodeAgent b, NodeAgent c) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/trust/topology.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"node-a\"", "\"" + a.nodeId() + "\"")
                    .replace("\"node-b\"", "\"" + b.nodeId() + "\"").replace("\"node-c\"", "\"" + c.nodeId() + "\"");
        }
    }

    @Test
    void aPathRequestAvoidsANodeUnderTheThresholdAndSaysWhichConstraintFails() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.PATCHED);
        NodeAgent b = node("hospital-b", SecurityIndexLiveTest.OLD_GLIBC);
        NodeAgent c = node("hospital-c", SecurityIndexLiveTest.PATCHED);
        hub.security().importFeed("feed.json", SecurityIndexLiveTest.FEED.getBytes(StandardCharsets.UTF_8));
        hub.network().importTopology("topology.json", topology(a, b, c).getBytes(StandardCharsets.UTF_8));

        // network sum of CVSS/10: core-2 1.0, acc-south 1.0 (remediated to level 2), b's glibc 0.78
        double sum = 1.0 + 1.0 + 0.78;
        assertThat(hub.network().index().index("core-2")).isCloseTo((1 - 1.0 / sum) * 100, within(1e-9));      // 64.03
        assertThat(hub.network().index().index("acc-south")).isCloseTo((1 - 0.5 / sum) * 100, within(1e-9));   // 82.01
        assertThat(hub.network().index().index("hospital-b")).isCloseTo((1 - 0.78 / sum) * 100, within(1e-9)); // 71.94
        assertThat(hub.security().current().index(b.nodeId())).isCloseTo((1 - 0.78 / sum) * 100, within(1e-9));
        assertThat(hub.network().index().index("hospital-a")).isEqualTo(100.0);

        // threshold 0: classic routing through core-2, 1 + 2 + 5 + 0.5 ms
        PathResult classic = hub.network().route(PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 0));
        assertThat(classic.nodes()).containsExactly("hospital-a", "acc-north", "core-2", "acc-hub", "hub");
        assertThat(classic.delay()).isEqualTo(8_500);

        // threshold 80: core-2 (64.03) is avoided; through core-1 and core-3, 1 + 3 + 8 + 7 + 0.5 ms
        PathResult secure = hub.network().route(PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 80));
        assertThat(secure.outcome()).isEqualTo(PathResult.Outcome.FOUND);
        assertThat(secure.nodes()).containsExactly("hospital-a", "acc-north", "core-1", "core-3", "acc-hub", "hub").doesNotContain("core-2");
        assertThat(secure.delay()).isEqualTo(19_500);

        // the secure path needs 19.5 ms: a 10 ms bound cannot be met, and the result says so
        PathResult tooSlow = hub.network().route(PathRequest.of("hospital-a", "hub", "100Mbit", "10ms", 80));
        assertThat(tooSlow.outcome()).isEqualTo(PathResult.Outcome.DELAY_EXCEEDED);
        // core-3 to the hub has 500 Mbit available: with 1 Gbit only core-2's way is wide enough, and it is below 80
        PathResult wide = hub.network().route(PathRequest.of("hospital-a", "hub", "1Gbit", "40ms", 80));
        assertThat(wide.found()).isFalse();
        assertThat(wide.outcome()).isIn(PathResult.Outcome.BANDWIDTH_AND_SECURITY, PathResult.Outcome.INSUFFICIENT_BANDWIDTH);
    }

    @Test
    void aTopologyWithALinkToAnUnknownNodeIsRefusedNamingThePlaceAndThePreviousKept() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.PATCHED);
        NodeAgent b = node("hospital-b", SecurityIndexLiveTest.PATCHED);
        NodeAgent c = node("hospital-c", SecurityIndexLiveTest.PATCHED);
        String good = topology(a, b, c);
        hub.network().importTopology("topology.json", good.getBytes(StandardCharsets.UTF_8));
        String bad = good.replace("\"from\": \"core-1\", \"to\": \"core-3\"", "\"from\": \"core-1\", \"to\": \"core-9\"");
        assertThat(bad).isNotEqualTo(good);
        assertThatThrownBy(() -> hub.network().importTopology("bad.json", bad.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Failure.class).hasMessageContaining("bad.json").hasMessageContaining("core-9");
        assertThat(hub.network().topology().orElseThrow().links()).containsKey("core-1-3");
        assertThat(hub.network().topology().orElseThrow().link("core-1-3").b()).isEqualTo("core-3");
    }

    @Test
    void reservationsAreReroutedOrFlaggedWhenAnIndexOrALinkChangesAuditedAndKeptOverARestart() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.PATCHED);
        NodeAgent b = node("hospital-b", SecurityIndexLiveTest.OLD_GLIBC);
        NodeAgent c = node("hospital-c", SecurityIndexLiveTest.PATCHED);
        hub.security().importFeed("feed.json", SecurityIndexLiveTest.FEED.getBytes(StandardCharsets.UTF_8));
        String original = topology(a, b, c);
        hub.network().importTopology("topology.json", original.getBytes(StandardCharsets.UTF_8));
        List<String> viaCore2 = List.of("hospital-a", "acc-north", "core-2", "acc-hub", "hub");
        List<String> viaCore1And3 = List.of("hospital-a", "acc-north", "core-1", "core-3", "acc-hub", "hub");

        // threshold 60: core-2 (64.03) qualifies, both take the 8.5 ms path through it
        PathResult fast = hub.network().reserve("r-fast", PathRequest.of("hospital-a", "hub", "100Mbit", "40ms", 60), Double.NaN);
        PathResult tight = hub.network().reserve("r-tight", PathRequest.of("hospital-a", "hub", "100Mbit", "10ms", 60), Double.NaN);
        assertThat(fast.nodes()).isEqualTo(viaCore2);
        assertThat(tight.nodes()).isEqualTo(viaCore2);
        assertThatThrownBy(() -> hub.network().reserve("r-fast", PathRequest.of("hospital-a", "hub", "1Mbit", "40ms", 0), Double.NaN))
                .isInstanceOf(Failure.class).hasMessageContaining("r-fast");
        // a request without a path reserves nothing
        assertThat(hub.network().reserve("r-none", PathRequest.of("hospital-a", "hub", "100Mbit", "1ms", 60), Double.NaN).outcome())
                .isEqualTo(PathResult.Outcome.DELAY_EXCEEDED);
        assertThatThrownBy(() -> hub.network().reserve(" ", PathRequest.of("hospital-a", "hub", "1Mbit", "40ms", 0), Double.NaN))
                .isInstanceOf(Failure.class).hasMessageContaining("reservation needs an id");
        assertThatThrownBy(() -> hub.network().reserve("r-neg", PathRequest.of("hospital-a", "hub", "1Mbit", "40ms", 0), -0.5))
                .isInstanceOf(Failure.class).hasMessageContaining("-0.5");
        assertThatThrownBy(() -> hub.network().release("r-unknown")).isInstanceOf(Failure.class).hasMessageContaining("r-unknown");
        assertThat(hub.network().reservations()).extracting(r -> r.id()).containsExactly("r-fast", "r-tight");

        // a new topology declares a second CVSS 10 vulnerability on core-2: its index falls to (1 - 2/3.78) * 100 = 47.09
        String worse = original.replace("[{\"id\": \"CVE-2023-20198\",", "[{\"id\": \"CVE-2024-20359\", \"cvss\": 10.0}, {\"id\": \"CVE-2023-20198\",");
        assertThat(worse).isNotEqualTo(original);
        hub.network().importTopology("worse.json", worse.getBytes(StandardCharsets.UTF_8));
        assertThat(hub.network().index().index("core-2")).isCloseTo((1 - 2 / 3.78) * 100, within(1e-9));
        var now = hub.network().reservations();
        assertThat(now.get(0).path().nodes()).isEqualTo(viaCore1And3);
        assertThat(now.get(0).path().delay()).isEqualTo(19_500);
        assertThat(now.get(1).flagged()).isTrue();
        assertThat(now.get(1).path().outcome()).isEqualTo(PathResult.Outcome.DELAY_EXCEEDED);
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"path.rerouted\"")).singleElement().asString()
                .contains("r-fast").contains("node core-2 has security index 47.09, below 60").contains("core-1 > core-3");
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"path.flagged\"")).singleElement().asString()
                .contains("r-tight").contains("core-2").contains("no path");

        // the original topology again, but core-3's link to the hub down to 50 Mbit available: r-fast's link no longer
        // carries it (rerouted back through core-2, which is at 64.03 again) and r-tight has a path again
        String narrow = original.replace("\"available\": \"500Mbit\"", "\"available\": \"50Mbit\"");
        assertThat(narrow).isNotEqualTo(original);
        hub.network().importTopology("narrow.json", narrow.getBytes(StandardCharsets.UTF_8));
        now = hub.network().reservations();
        assertThat(now.get(0).path().nodes()).isEqualTo(viaCore2);
        assertThat(now.get(1).path().nodes()).isEqualTo(viaCore2);
        assertThat(now.get(1).flagged()).isFalse();
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"path.rerouted\"")).hasSize(2).last().asString()
                .contains("r-fast").contains("link core-3-hub has 50Mbit available");
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"path.restored\"")).singleElement().asString().contains("r-tight");

        // the bandwidth is held: a-north (1 Gbit, hospital-a's only link) carries 200 Mbit of reservations, 800 Mbit are left
        assertThat(hub.network().route(PathRequest.of("hospital-a", "hub", "800Mbit", "40ms", 60), Double.NaN).nodes()).isEqualTo(viaCore2);
        assertThat(hub.network().route(PathRequest.of("hospital-a", "hub", "801Mbit", "40ms", 60), Double.NaN).found()).isFalse();

        hub.network().release("r-fast");
        assertThat(QuarantineLiveTest.audit(tmp.resolve("hub"), "\"path.released\"")).singleElement().asString().contains("r-fast");
        assertThat(hub.network().route(PathRequest.of("hospital-a", "hub", "900Mbit", "40ms", 60), Double.NaN).nodes()).isEqualTo(viaCore2);

        // kept over a restart of the hub
        hub.close();
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        assertThat(hub.network().reservations()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("r-tight");
            assertThat(r.request()).isEqualTo(PathRequest.of("hospital-a", "hub", "100Mbit", "10ms", 60));
        });
    }
}
