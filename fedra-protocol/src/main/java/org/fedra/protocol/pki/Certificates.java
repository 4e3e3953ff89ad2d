package org.fedra.protocol.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Small certificate facts the hub and nodes agree on: key type, fingerprints, names. */
public final class Certificates {
    /** The signature algorithm of every Fedra key (EC P-256): certificates, CSRs and audit entries. */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private Certificates() {}

    /** A fresh EC P-256 key pair: understood by every TLS stack, small and fast to sign with. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available in this JVM", e);
        }
    }

    /** Lower-case hex SHA-256 of the DER encoding: how tokens pin the federation CA. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CN of the certificate's subject (the node id for node certificates). */
    public static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new IllegalArgumentException("unreadable subject name: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("certificate has no CN: " + cert.getSubjectX500Principal());
    }
}
