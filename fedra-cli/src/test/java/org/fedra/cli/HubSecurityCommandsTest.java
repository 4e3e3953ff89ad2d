package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.posture.HostPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fedra hub security / security feed import / topology import / path against a real hub with two real nodes. */
class HubSecurityCommandsTest {
    @TempDir
    Path tmp;

    static final String FEED = """
            [{"schema_version": "1.6.0", "id": "DEBIAN-CVE-2023-4911", "modified": "2024-01-10T00:00:00Z", "aliases": ["CVE-2023-4911"],
              "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}],
              "affected": [{"package": {"ecosystem": "Debian:12", "name": "glibc"},
                            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u3"}]}]}]}]
            """;

    static HostPackages glibc(String version) {
        return () -> new HostPackages.Listing("debian:12", List.of(new HostPackages.Package("libc6", version, "glibc", version)), "dpkg-query");
    }

    NodeAgent node(Hub hub, String name, HostPackages p) throws Exception {
        NodeAgent n = NodeAgent.start(NodeConfig.of(tmp.resolve(name), "localhost:" + hub.grpcPort(), hub.issueToken(name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns(), p);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        long end = System.nanoTime() + 20_000_000_000L;
        while (hub.postures().latest(n.nodeId()).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return n;
    }

    @Test
    void theOperatorImportsAFeedAndATopologySeesTheIndicesAndAsksForAPath() throws Exception {
        Path hubDir = tmp.resolve("hub");
        try (Hub hub = Hub.start(HubConfig.defaults(hubDir).withBindAddress("127.0.0.1"));
             NodeAgent a = node(hub, "hospital-a", glibc("2.36-9+deb12u3"));
             NodeAgent b = node(hub, "hospital-b", glibc("2.36-9+deb12u1"))) {
            Path feed = tmp.resolve("osv.json");
            Files.writeString(feed, FEED);
            CliRun imported = CliRun.of("hub", "security", "feed", "import", feed.toString(), "--data-dir", hubDir.toString());
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("imported osv.json: 1 advisories (0 withdrawn)");

            Path broken = tmp.resolve("broken.json");
            Files.writeString(broken, FEED.replace("\"2.36-9+deb12u3\"", "\"2.36 9\""));
            CliRun refused = CliRun.of("hub", "security", "feed", "import", broken.toString(), "--data-dir", hubDir.toString());
            assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(refused.err()).contains("broken.json").contains("$[0].affected[0].ranges[0].events[1].fixed");

            Path topology = tmp.resolve("topology.json");
            Files.writeString(topology, """
                    {"nodes": [
                      {"id": "hospital-a", "kind": "hospital", "fedraNode": "%s"},
                      {"id": "hospital-b", "kind": "hospital", "fedraNode": "%s"},
                      {"id": "acc-a", "kind": "access"}, {"id": "acc-b", "kind": "access"}, {"id": "acc-hub", "kind": "access"},
                      {"id": "r1", "kind": "router", "vulnerabilities": [{"id": "CVE-2023-20198", "cvss": 10.0}]},
                      {"id": "r2", "kind": "router"},
                      {"id": "hub", "kind": "hub"}],
                     "links": [
                      {"id": "a-acc", "from": "hospital-a", "to": "acc-a", "capacity": "1Gbit", "delay": "1ms"},
                      {"id": "b-acc", "from": "hospital-b", "to": "acc-b", "capacity": "1Gbit", "delay": "1ms"},
                      {"id": "hub-acc", "from": "hub", "to": "acc-hub", "capacity": "1Gbit", "delay": "1ms"},
                      {"id": "a-r1", "from": "acc-a", "to": "r1", "capacity": "1Gbit", "delay": "1ms"},
                      {"id": "r1-hub", "from": "r1", "to": "acc-hub", "capacity": "1Gbit", "delay": "1ms"},
                      {"id": "a-r2", "from": "acc-a", "to": "r2", "capacity": "1Gbit", "delay": "5ms"},
                      {"id": "r2-hub", "from": "r2", "to": "acc-hub", "capacity": "1Gbit", "delay": "5ms"},
                      {"id": "b-r2", "from": "acc-b", "to": "r2", "capacity": "1Gbit", "delay": "1ms"}]}
                    """.formatted(a.nodeId(), b.nodeId()));
            CliRun top = CliRun.of("hub", "topology", "import", topology.toString(), "--data-dir", hubDir.toString());
            assertThat(top.code()).as(top.err()).isZero();
            assertThat(top.out()).contains("imported topology.json: 8 network nodes, 8 links");

            // after the feed alone b carried every known vulnerability: 0; with the topology, r1 1.0 and b's glibc 0.78 of CVSS/10 in the
            // whole network: r1 43.82, b 56.18, the rest 100
            CliRun security = CliRun.of("hub", "security", "--data-dir", hubDir.toString());
            assertThat(security.code()).as(security.err()).isZero();
            assertThat(security.out()).containsPattern("r1 +43\\.82 +1")
                    .containsPattern(b.nodeId() + " +56\\.18 +1 +100\\.00 -> 0\\.00 -> 56\\.18")
                    .containsPattern(a.nodeId() + " +100\\.00 +0")
                    .contains("CVE-2023-4911").contains("Debian:12 glibc 2.36-9+deb12u1");

            CliRun secure = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "100Mbit", "--max-delay", "40ms",
                    "--min-index", "80", "--data-dir", hubDir.toString());
            assertThat(secure.code()).as(secure.err()).isZero();
            assertThat(secure.out()).contains("path from hospital-a to hub, delay 12ms").contains("r2").doesNotContain("r1");
            CliRun classic = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "100Mbit", "--max-delay", "40ms",
                    "--data-dir", hubDir.toString());
            assertThat(classic.out()).contains("delay 4ms").contains("r1");
            CliRun tooSlow = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "100Mbit", "--max-delay", "5ms",
                    "--min-index", "80", "--data-dir", hubDir.toString());
            assertThat(tooSlow.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(tooSlow.out()).contains("no path (DELAY_EXCEEDED)");

            // the multi-criteria variant: P_j of r1 is 1/1.78 = 0.5618, every other node on a's ways 0; at most 0.2 avoids r1
            CliRun lowRisk = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "100Mbit", "--max-delay", "40ms",
                    "--max-risk", "0.2", "--data-dir", hubDir.toString());
            assertThat(lowRisk.code()).as(lowRisk.err()).isZero();
            assertThat(lowRisk.out()).contains("delay 12ms, attack probability 0.0000").contains("r2").doesNotContain("r1");
            CliRun noRisk = CliRun.of("hub", "path", "--from", "hospital-b", "--to", "hub", "--bandwidth", "100Mbit", "--max-delay", "40ms",
                    "--max-risk", "0.2", "--data-dir", hubDir.toString());
            assertThat(noRisk.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(noRisk.out()).contains("no path (RISK_EXCEEDED)");
            CliRun negative = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "100Mbit", "--max-delay", "40ms",
                    "--max-risk", "-1", "--data-dir", hubDir.toString());
            assertThat(negative.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(negative.err()).contains("summed attack probability");

            // a reservation of 600 Mbit through r1 (risk 0.5618 <= 0.6) ...
            CliRun reserved = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "600Mbit", "--max-delay", "40ms",
                    "--max-risk", "0.6", "--reserve", "imaging", "--data-dir", hubDir.toString());
            assertThat(reserved.code()).as(reserved.err()).isZero();
            assertThat(reserved.out()).contains("delay 4ms, attack probability 0.5618").contains("r1").contains("reserved as imaging");
            // ... holds its bandwidth: 500 Mbit more do not fit on a-acc (1 Gbit)
            CliRun full = CliRun.of("hub", "path", "--from", "hospital-a", "--to", "hub", "--bandwidth", "500Mbit", "--max-delay", "40ms",
                    "--data-dir", hubDir.toString());
            assertThat(full.out()).contains("no path (INSUFFICIENT_BANDWIDTH)");
            // r1's link to the hub narrows to 100 Mbit available: the reservation moves to r2
            Files.writeString(topology, Files.readString(topology).replace(
                    "\"id\": \"r1-hub\", \"from\": \"r1\", \"to\": \"acc-hub\", \"capacity\": \"1Gbit\"",
                    "\"id\": \"r1-hub\", \"from\": \"r1\", \"to\": \"acc-hub\", \"capacity\": \"1Gbit\", \"available\": \"100Mbit\""));
            assertThat(CliRun.of("hub", "topology", "import", topology.toString(), "--data-dir", hubDir.toString()).code()).isZero();
            CliRun list = CliRun.of("hub", "reservations", "--data-dir", hubDir.toString());
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).containsPattern("imaging +hospital-a +hub +600Mbit +0 +0.6 +hospital-a > acc-a > r2 > acc-hub > hub \\(12ms\\)");
            CliRun released = CliRun.of("hub", "reservations", "release", "imaging", "--data-dir", hubDir.toString());
            assertThat(released.code()).as(released.err()).isZero();
            assertThat(released.out()).contains("no reservations");
            CliRun unknown = CliRun.of("hub", "reservations", "release", "imaging", "--data-dir", hubDir.toString());
            assertThat(unknown.code()).isNotZero();
            assertThat(unknown.err()).contains("no reservation imaging");
        }
    }
}
