package org.fedra.hub.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.fedra.privacy.securityindex.RemediationKind;
import org.fedra.protocol.failure.Failure;
import org.junit.jupiter.api.Test;

class TopologyReaderTest {
    static String topologyJson() {
        try (InputStream in = Objects.requireNonNull(TopologyReaderTest.class.getResourceAsStream("/trust/topology.json"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Topology topology() {
        return TopologyReader.read("topology.json", topologyJson().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheTopologyFile() {
        Topology t = topology();
        assertThat(t.nodes()).hasSize(10);
        assertThat(t.links()).hasSize(11);
        assertThat(t.node("hospital-a").fedraNode()).isEqualTo("node-a");
        assertThat(t.nodeOfFedraNode("node-c")).get().extracting(NetworkNode::id).isEqualTo("hospital-c");
        Link b = t.link("b-north");
        assertThat(b.capacity()).isEqualTo(1_000_000_000L);
        assertThat(b.available()).isEqualTo(400_000_000L);
        assertThat(b.delay()).isEqualTo(1_000);
        assertThat(t.link("hub-acc").delay()).isEqualTo(500);
        assertThat(t.link("a-north").available()).isEqualTo(t.link("a-north").capacity());
        assertThat(t.node("core-2").declaredFindings()).singleElement().satisfies(f -> {
            assertThat(f.cvssBaseScore()).isEqualTo(10.0);
            assertThat(f.scoreSource()).isEqualTo("DECLARED");
        });
        assertThat(t.node("acc-south").declaredFindings().get(0).remediation().kind())
                .isEqualTo(RemediationKind.COMPENSATING_CONTROL);
        assertThat(t.declaredFindings().nodeIds()).hasSize(10);
    }

    @Test
    void badTopologiesNameThePlace() {
        String good = topologyJson();
        assertBad(good.replace("\"to\": \"core-3\", \"capacity\"", "\"to\": \"core-9\", \"capacity\""),
                "topology.json: $.links[7] (south-3): unknown node 'core-9'");
        assertBad(good.replace("\"available\": \"150Mbit\"", "\"available\": \"-150Mbit\""),
                "topology.json: $.links[7].available: bandwidth '-150Mbit' is negative");
        assertBad(good.replace("{\"id\": \"core-3\", \"kind\": \"router\"}", "{\"id\": \"core-1\", \"kind\": \"router\"}"),
                "topology.json: $.nodes[2] (core-1): duplicate node id");
        assertBad(good.replace("\"id\": \"c-south\"", "\"id\": \"a-north\""),
                "topology.json: $.links[2] (a-north): duplicate link id");
        assertBad(good.replace("\"available\": \"400Mbit\"", "\"available\": \"4Gbit\""),
                "topology.json: $.links[1] (b-north): available bandwidth 4Gbit exceeds the capacity 1Gbit");
        assertBad(good.replace("\"delay\": \"8ms\"", "\"delay\": \"8 parsecs\""),
                "topology.json: $.links[8].delay: delay '8 parsecs': unknown unit 'parsecs' (us, ms, s)");
        assertBad(good.replace("\"from\": \"hospital-c\", \"to\": \"acc-south\"", "\"from\": \"hospital-c\", \"to\": \"core-3\""),
                "topology.json: $.nodes[8] (hospital-c): a hospital node attaches to access nodes only, but link"
                        + " c-south leads to router core-3");
        assertBad(good.replace("\"kind\": \"access\"}", "\"kind\": \"switch\"}"),
                "topology.json: $.nodes[3].kind: unknown kind 'switch'");
        assertBad(good.replace("\"cvss\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H\"", "\"cvss\": \"CVSS:3.1/AV:N\""),
                "topology.json: $.nodes[1].vulnerabilities[0].cvss: bad CVSS vector");
        assertBad(good.replace("\"level\": 2", "\"level\": 0.5"),
                "topology.json: $.nodes[4].vulnerabilities[0].remediation.level: remediation level must be finite");
        assertBad(good.replace("\"capacity\": \"1Gbit\", \"delay\": \"1ms\"}", "\"capacity\": \"1Gbit\", \"latency\": \"1ms\"}"),
                "topology.json: $.links[0].latency: unknown field");
        assertBad("{\"nodes\": []", "topology.json: not valid JSON at line 1");
    }

    @Test
    void measurementsUpdateALinkAndBadOnesChangeNothing() {
        Topology t = topology();
        Topology measured = t.withLinkMeasurement("north-2", 3_000_000_000L, 2_500);
        assertThat(measured.link("north-2").available()).isEqualTo(3_000_000_000L);
        assertThat(measured.link("north-2").delay()).isEqualTo(2_500);
        assertThat(t.link("north-2").delay()).isEqualTo(2_000);
        assertThatThrownBy(() -> t.withLinkMeasurement("north-2", -1, 2_000))
                .hasMessageContaining("links[5] (north-2): available bandwidth must not be negative");
        assertThatThrownBy(() -> t.withLinkMeasurement("north-9", 1, 2_000)).hasMessageContaining("unknown link: north-9");
        assertThat(t.link("north-2").available()).isEqualTo(10_000_000_000L);
    }

    @Test
    void units() {
        assertThat(Units.bandwidth("100Mbit")).isEqualTo(100_000_000L);
        assertThat(Units.bandwidth("1.5Gbit/s")).isEqualTo(1_500_000_000L);
        assertThat(Units.bandwidth("800kbps")).isEqualTo(800_000L);
        assertThat(Units.delay("40ms")).isEqualTo(40_000L);
        assertThat(Units.delay("0.25ms")).isEqualTo(250L);
        assertThat(Units.formatBandwidth(1_500_000_000L)).isEqualTo("1.5Gbit");
        assertThat(Units.formatDelay(19_500)).isEqualTo("19.5ms");
        assertThatThrownBy(() -> Units.delay("0.0001ms")).hasMessageContaining("whole microseconds");
        assertThatThrownBy(() -> Units.bandwidth("100MB")).hasMessageContaining("unknown unit 'MB'");
    }

    private static void assertBad(String json, String message) {
        assertThatThrownBy(() -> TopologyReader.read("topology.json", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Failure.class).hasMessageStartingWith(message);
    }
}
