package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedra.hub.security.SecurityBoard;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.posture.HostPackages;
import org.fedra.node.posture.PostureReporter;
import org.fedra.privacy.securityindex.NetworkSnapshot;
import org.fedra.privacy.securityindex.SecurityIndex;
import org.fedra.protocol.failure.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security index on live data: three real nodes report their packages over mutual-TLS gRPC; the operator imports
 * an OSV feed (written for the test in the OSV format, with the real Debian advisories' packages and fixed versions).
 */
class SecurityIndexLiveTest extends LiveFederation {
    /** CVE-2023-5363 (openssl, fixed in bookworm by 3.0.11-1~deb12u2; NVD 7.5) and CVE-2023-4911 (glibc, 2.36-9+deb12u3; NVD 7.8). */
    static final String FEED = """
            [
              {"schema_version": "1.6.0", "id": "DEBIAN-CVE-2023-5363", "modified": "2024-01-10T00:00:00Z",
               "aliases": ["CVE-2023-5363"], "summary": "openssl: incorrect cipher key and IV length processing",
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}],
               "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.11-1~deb12u2"}]}]}]},
              {"schema_version": "1.6.0", "id": "DEBIAN-CVE-2023-4911", "modified": "2024-01-10T00:00:00Z",
               "aliases": ["CVE-2023-4911"], "summary": "glibc: buffer overflow in ld.so (Looney Tunables)",
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"}],
               "affected": [{"package": {"ecosystem": "Debian:12", "name": "glibc"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u3"}]}]}]}
            ]
            """;
    static final HostPackages OLD_OPENSSL = () -> new HostPackages.Listing("debian:12", List.of(
            new HostPackages.Package("libssl3", "3.0.9-1", "openssl", "3.0.9-1"),
            new HostPackages.Package("libc6", "2.36-9+deb12u3", "glibc", "2.36-9+deb12u3")), "dpkg-query");
    static final HostPackages OLD_GLIBC = () -> new HostPackages.Listing("debian:12", List.of(
            new HostPackages.Package("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
            new HostPackages.Package("libc6", "2.36-9+deb12u1", "glibc", "2.36-9+deb12u1")), "dpkg-query");
    static final HostPackages PATCHED = () -> new HostPackages.Listing("debian:12", List.of(
            new HostPackages.Package("libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2"),
            new HostPackages.Package("libc6", "2.36-9+deb12u3", "glibc", "2.36-9+deb12u3")), "dpkg-query");

    SecurityIndexLiveTest() {
        super(true);
    }

    @Test
    void aFeedEntryMatchingAPackageLowersThatNodesIndexAsTheFormulaSays() throws Exception {
        NodeAgent a = node("hospital-a", OLD_OPENSSL);
        NodeAgent b = node("hospital-b", OLD_GLIBC);
        NodeAgent c = node("hospital-c", PATCHED);
        // no feed: no known vulnerability anywhere
        assertThat(hub.security().current().indices()).containsOnly(Map.entry(a.nodeId(), 100.0), Map.entry(b.nodeId(), 100.0),
                Map.entry(c.nodeId(), 100.0));

        SecurityBoard.FeedImport imported = hub.security().importFeed("feed.json", FEED.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.advisories()).isEqualTo(2);

        // a's openssl (by its source package) and b's glibc are affected; c's fixed versions are not
        var findingsA = hub.security().current().findings(a.nodeId());
        assertThat(findingsA).singleElement().satisfies(f -> {
            assertThat(f.vulnerabilityId()).isEqualTo("CVE-2023-5363");
            assertThat(f.cvssBaseScore()).isEqualTo(7.5);
            assertThat(f.evidence()).contains("Debian:12 openssl 3.0.9-1");
        });
        assertThat(hub.security().current().findings(b.nodeId())).singleElement()
                .satisfies(f -> assertThat(f.vulnerabilityId() + " " + f.cvssBaseScore()).isEqualTo("CVE-2023-4911 7.8"));
        assertThat(hub.security().current().findings(c.nodeId())).isEmpty();

        // exactly what SecurityIndex gives for these findings, and what the formula of DESIGN section 6 gives
        SecurityIndex expected = SecurityIndex.of(NetworkSnapshot.builder().node(a.nodeId()).node(b.nodeId()).node(c.nodeId())
                .vulnerability(a.nodeId(), "CVE-2023-5363", 7.5, 1).vulnerability(b.nodeId(), "CVE-2023-4911", 7.8, 1).build());
        assertThat(hub.security().current().indices()).isEqualTo(expected.indices());
        assertThat(hub.security().current().index(a.nodeId())).isCloseTo((1 - 0.75 / (0.75 + 0.78)) * 100, within(1e-9));
        assertThat(hub.security().current().index(b.nodeId())).isCloseTo((1 - 0.78 / (0.75 + 0.78)) * 100, within(1e-9));
        assertThat(hub.security().current().index(c.nodeId())).isEqualTo(100.0);

        // a's steward declares a remediation: a's index recovers to 1 - (0.75/3)/1.53, the others keep theirs
        Files.writeString(a.dataDir().resolve(PostureReporter.REMEDIATIONS_FILE),
                "[{\"vulnerability\": \"CVE-2023-5363\", \"kind\": \"MITIGATED_BY_CONFIGURATION\", \"level\": 3, \"note\": \"no AES-SIV/OCB users\"}]");
        a.sendPosture();
        PostureTest.await(() -> hub.security().current().index(a.nodeId()) > 60);
        assertThat(hub.security().current().index(a.nodeId())).isCloseTo((1 - 0.25 / 1.53) * 100, within(1e-9));
        assertThat(hub.security().current().index(b.nodeId())).isCloseTo((1 - 0.78 / 1.53) * 100, within(1e-9));

        // the trend: 100 (no feed), after the feed, after the remediation
        assertThat(hub.security().history(a.nodeId())).extracting(SecurityBoard.HistoryEntry::index)
                .containsExactly(100.0, expected.index(a.nodeId()), (1 - (0.75 / 3) / 1.53) * 100);
        assertThat(hub.security().history(c.nodeId())).extracting(SecurityBoard.HistoryEntry::index).containsExactly(100.0);
    }

    @Test
    void aFeedWithABrokenVersionRangeIsRefusedNamingThePlaceAndThePreviousFeedKept() throws Exception {
        NodeAgent a = node("hospital-a", OLD_OPENSSL);
        node("hospital-b", OLD_GLIBC);
        hub.security().importFeed("feed.json", FEED.getBytes(StandardCharsets.UTF_8));
        Map<String, Double> before = hub.security().current().indices();
        String broken = FEED.replace("{\"fixed\": \"3.0.11-1~deb12u2\"}", "{\"fixed\": \"3.0.11 then 1\"}");
        assertThat(broken).isNotEqualTo(FEED);
        assertThatThrownBy(() -> hub.security().importFeed("broken.json", broken.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Failure.class).hasMessageContaining("broken.json").hasMessageContaining("$[0].affected[0].ranges[0].events[1].fixed");
        assertThat(hub.security().current().indices()).isEqualTo(before);
        assertThat(hub.security().current().index(a.nodeId())).isLessThan(100);
        assertThat(hub.security().feed().advisories()).containsOnlyKeys("DEBIAN-CVE-2023-5363", "DEBIAN-CVE-2023-4911");
    }
}
