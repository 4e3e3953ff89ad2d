package org.fedra.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fedra.hub.CertificateAuthority;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.Pem;

/** Audit logs as a hub or node keeps them: signed with a key the federation CA certified, the CA certificate beside them. */
final class CertifiedAuditLogs {
    private CertifiedAuditLogs() {}

    /** Starts a log in {@code dir} whose key a fresh federation CA certified; the CA's certificate is written beside it. */
    static AuditLog open(Path dir, String owner) {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create("Test federation", now, new SecureRandom());
        KeyPair key = Certificates.newKeyPair();
        X509Certificate cert = ca.issueHubCertificate(key, List.of(), now);
        Pem.write(dir.resolve(AuditLog.CA_FILE), false, ca.certificate());
        return AuditLog.open(dir, key, cert, Clock.systemUTC(), Principal.node(owner));
    }
}
