package org.fedra.node.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StewardRemediationsTest {
    @TempDir
    Path dir;

    @Test
    void aDeclarationIsAuditedWrittenAndReadByThePostureReporterAndReplacesTheEarlierOneOfTheSameVulnerability() throws Exception {
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), Principal.node("node-a"));
        StewardRemediations r = new StewardRemediations(dir, audit);
        r.declare("CVE-2023-4911", "patched", 2, "", "dr-a");
        r.declare("CVE-2023-4911", "COMPENSATING_CONTROL", 3, "no local logins", "dr-a");
        r.declare("CVE-2023-5363", "MITIGATED_BY_CONFIGURATION", 1.5, "", "dr-b");
        assertThat(r.list()).containsExactly(new StewardRemediations.Declared("CVE-2023-4911", "COMPENSATING_CONTROL", 3, "no local logins"),
                new StewardRemediations.Declared("CVE-2023-5363", "MITIGATED_BY_CONFIGURATION", 1.5, ""));
        // what the posture carries
        assertThat(PostureReporter.remediations(dir.resolve(PostureReporter.REMEDIATIONS_FILE)))
                .extracting(d -> d.getVulnerabilityId() + " " + d.getKind() + " " + d.getLevel())
                .containsExactly("CVE-2023-4911 COMPENSATING_CONTROL 3.0", "CVE-2023-5363 MITIGATED_BY_CONFIGURATION 1.5");
        assertThat(Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains("remediation.declared")).count()).isEqualTo(3);
        assertThat(r.withdraw("CVE-2023-5363", "dr-b")).isTrue();
        assertThat(r.withdraw("CVE-2023-5363", "dr-b")).isFalse();
        assertThat(r.list()).extracting(StewardRemediations.Declared::vulnerability).containsExactly("CVE-2023-4911");
    }

    @Test
    void badInputNamesTheFieldAndChangesNothing() throws Exception {
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), Principal.node("node-a"));
        StewardRemediations r = new StewardRemediations(dir, audit);
        r.declare("CVE-2023-4911", "PATCHED", 2, "", "dr-a");
        byte[] before = Files.readAllBytes(dir.resolve(PostureReporter.REMEDIATIONS_FILE));
        assertThatThrownBy(() -> r.declare("CVE-2023-4911", "PRAYED", 2, "", "dr-a")).hasMessageStartingWith("kind:");
        assertThatThrownBy(() -> r.declare("CVE-2023-4911", "PATCHED", 0.5, "", "dr-a")).hasMessageStartingWith("level:");
        assertThatThrownBy(() -> r.declare("CVE-2023-4911", "PATCHED", Double.NaN, "", "dr-a")).hasMessageStartingWith("level:");
        assertThatThrownBy(() -> r.declare("../etc", "PATCHED", 2, "", "dr-a")).hasMessageStartingWith("vulnerability:");
        assertThatThrownBy(() -> r.declare("CVE-1", "PATCHED", 2, "", " ")).hasMessageStartingWith("steward:");
        assertThat(Files.readAllBytes(dir.resolve(PostureReporter.REMEDIATIONS_FILE))).isEqualTo(before);

        Files.writeString(dir.resolve(PostureReporter.REMEDIATIONS_FILE), "[{\"vulnerability\": \"CVE-1\", \"kind\": \"PATCHED\", \"level\": 0}]");
        assertThatThrownBy(r::list).hasMessageContaining(PostureReporter.REMEDIATIONS_FILE).hasMessageContaining("entry [0]: level:");
    }
}
