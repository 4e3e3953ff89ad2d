package org.fedra.protocol.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;

/**
 * The certificate of an audit log's key ({@code audit-cert.pem} beside the log): the certificate the federation CA
 * issued for the hub's or node's key, which is also the key that signs the log. A verifier that trusts the federation
 * CA, not the files beside the log, then knows whose log it reads: a log re-signed with a key of someone else's making
 * no longer verifies.
 */
public final class AuditCertificate {
    private AuditCertificate() {}

    /**
     * Keeps {@code certificate} beside the log whose key is {@code key}. Returns what was done, for the log to record:
     * empty when the same certificate was already there.
     *
     * @throws CorruptFileException the file beside the log certifies another key
     */
    static Optional<String> keep(Path dir, PublicKey key, X509Certificate certificate) {
        if (!certificate.getPublicKey().equals(key)) {
            throw new IllegalArgumentException("the certificate " + describe(certificate) + " is not that of the audit log's key");
        }
        Path file = dir.resolve(AuditLog.CERT_FILE);
        if (Files.exists(file)) {
            X509Certificate kept = Pem.readCertificate(file);
            if (kept.equals(certificate)) {
                return Optional.empty();
            }
            if (!kept.getPublicKey().equals(key)) {
                throw new CorruptFileException(file, "certifies another key than the one this process signs its audit log with; refusing to replace it");
            }
            Pem.write(file, false, certificate);
            return Optional.of("audit key re-certified: " + describe(certificate) + " replaces " + describe(kept));
        }
        Pem.write(file, false, certificate);
        return Optional.of("audit key certified: " + describe(certificate));
    }

    /**
     * Checks that the log in {@code dir} is signed with the key its certificate certifies and that the federation CA
     * {@code ca} issued that certificate.
     *
     * @return empty when it is, otherwise what is wrong
     */
    public static Optional<String> problem(Path dir, X509Certificate ca) {
        Path file = dir.resolve(AuditLog.CERT_FILE);
        if (!Files.exists(file)) {
            return Optional.of(AuditLog.CERT_FILE + " is missing: the key that signs this log is not certified (a hub or node certifies its log"
                    + " at its next start)");
        }
        X509Certificate cert;
        PublicKey logKey;
        try {
            cert = Pem.readCertificate(file);
            logKey = Pem.readPublicKey(dir.resolve(AuditLog.KEY_FILE));
        } catch (CorruptFileException e) {
            return Optional.of(e.getMessage());
        }
        if (!cert.getPublicKey().equals(logKey)) {
            return Optional.of(AuditLog.KEY_FILE + " is not the key that " + AuditLog.CERT_FILE + " certifies (" + describe(cert)
                    + "): the log is signed with a key the federation CA never certified");
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(AuditLog.CERT_FILE + " (" + describe(cert) + ") was not issued by the federation CA (" + ca.getSubjectX500Principal().getName()
                    + ")");
        }
        return Optional.empty();
    }

    private static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + ", serial " + c.getSerialNumber().toString(16);
    }
}
