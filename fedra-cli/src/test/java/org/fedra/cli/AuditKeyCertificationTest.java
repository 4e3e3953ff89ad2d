package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fedra.hub.CertificateAuthority;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.Pem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, finding 6 (first half): {@code audit verify} trusted the key beside the log, so replacing
 * {@code audit-key.pem} and re-signing every entry verified OK. The log's key is now certified by the federation CA.
 */
class AuditKeyCertificationTest {
    @TempDir
    Path dir;

    @BeforeEach
    void aCertifiedLog() {
        AuditLog log = CertifiedAuditLogs.open(dir, "node-1");
        for (int i = 0; i < 5; i++) {
            log.append(AuditAction.TASK_RESULT_SENT, "released count " + (10 * i + 10));
        }
    }

    private AuditVerifyRun verify(String... more) {
        return AuditVerifyRun.of(dir, more);
    }

    @Test
    void aLogReSignedWithAReplacedKeyIsNotOk() throws Exception {
        assertThat(verify()).isEqualTo(new AuditVerifyRun(0, "OK 5 entries\n"));
        AuditForger.resign(dir, Certificates.newKeyPair(), (position, detail) -> position == 3 ? "released count 1" : detail);
        // the attack as before: against the key beside it, the rewritten log holds together
        assertThat(AuditLog.verify(dir).intact()).isTrue();

        AuditVerifyRun r = verify();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("NOT CERTIFIED: audit-key.pem is not the key that audit-cert.pem certifies")
                .contains("the log is signed with a key the federation CA never certified");
    }

    @Test
    void aCertificateOfTheAttackersOwnMakingIsNotOk() throws Exception {
        KeyPair attacker = Certificates.newKeyPair();
        AuditForger.resign(dir, attacker, (position, detail) -> detail);
        CertificateAuthority ownCa = CertificateAuthority.create("Fedra federation", Instant.now(), new SecureRandom());
        Pem.write(dir.resolve(AuditLog.CERT_FILE), false, ownCa.issueHubCertificate(attacker, List.of(), Instant.now()));
        AuditVerifyRun r = verify();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("NOT CERTIFIED: audit-cert.pem (O=Fedra hub,CN=hub").contains("was not issued by the federation CA");
    }

    @Test
    void aLogWhoseCertificateWasRemovedIsNotOk() throws Exception {
        AuditForger.resign(dir, Certificates.newKeyPair(), (position, detail) -> detail);
        Files.delete(dir.resolve(AuditLog.CERT_FILE));
        AuditVerifyRun r = verify();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("NOT CERTIFIED: audit-cert.pem is missing");
    }

    @Test
    void theCaCanComeFromOutsideTheDirectory(@TempDir Path elsewhere) throws Exception {
        // an attacker who also replaced ca-cert.pem is caught by a verifier that names the CA it trusts
        Path trusted = elsewhere.resolve("federation-ca.pem");
        Files.copy(dir.resolve(AuditLog.CA_FILE), trusted);
        KeyPair attacker = Certificates.newKeyPair();
        AuditForger.resign(dir, attacker, (position, detail) -> detail);
        CertificateAuthority ownCa = CertificateAuthority.create("Fedra federation", Instant.now(), new SecureRandom());
        Pem.write(dir.resolve(AuditLog.CERT_FILE), false, ownCa.issueHubCertificate(attacker, List.of(), Instant.now()));
        Pem.write(dir.resolve(AuditLog.CA_FILE), false, ownCa.certificate());
        assertThat(verify().code()).as("against the CA file the attacker left").isZero();
        AuditVerifyRun r = verify("--ca", trusted.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("was not issued by the federation CA");
    }

    @Test
    void anExistingLogIsCertifiedAtItsNextStartAndSaysSo(@TempDir Path legacy) throws Exception {
        KeyPair key = Certificates.newKeyPair();
        AuditLog old = AuditLog.open(legacy, key, Clock.systemUTC(), Principal.node("node-1")); // as an earlier version kept it
        old.append(AuditAction.NODE_STARTED, "before certificates");
        CertificateAuthority ca = CertificateAuthority.create("Fedra federation", Instant.now(), new SecureRandom());
        Pem.write(legacy.resolve(AuditLog.CA_FILE), false, ca.certificate());
        dir = legacy;
        AuditVerifyRun before = verify();
        assertThat(before.code()).isEqualTo(1);
        assertThat(before.out()).startsWith("NOT CERTIFIED: audit-cert.pem is missing");

        AuditLog.open(legacy, key, ca.issueHubCertificate(key, List.of(), Instant.now()), Clock.systemUTC(), Principal.node("node-1"));
        assertThat(verify()).isEqualTo(new AuditVerifyRun(0, "OK 2 entries\n"));
        assertThat(Files.readAllLines(legacy.resolve(AuditLog.LOG_FILE)).get(1)).contains("\"action\":\"audit.certified\"")
                .contains("audit key certified: O=Fedra hub,CN=hub, serial ");
    }
}
