package org.fedra.hub;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.fedra.protocol.pki.Certificates;

/** The federation's own certificate authority: a self-signed root that signs the hub's and every node's certificate. */
public final class CertificateAuthority {
    private static final Duration ROOT_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    private final KeyPair key;
    private final X509Certificate certificate;
    private final SecureRandom random;

    public CertificateAuthority(KeyPair key, X509Certificate certificate, SecureRandom random) {
        this.key = key;
        this.certificate = certificate;
        this.random = random;
    }

    /** Creates a new root for a federation. */
    public static CertificateAuthority create(String federationName, Instant now, SecureRandom random) {
        KeyPair key = Certificates.newKeyPair();
        X500Name name = name(federationName + " CA", "Fedra federation");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(ROOT_VALIDITY)), name, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            return new CertificateAuthority(key, sign(b, key.getPrivate()), random);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the federation CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return key;
    }

    /** Issues the hub's TLS server certificate for localhost and the advertised host names. */
    public X509Certificate issueHubCertificate(KeyPair hubKey, List<String> advertiseHosts, Instant now) {
        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        hosts.addAll(advertiseHosts);
        try {
            hosts.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException ignored) {
            // a machine without a resolvable host name still serves localhost and the advertised names
        }
        List<GeneralName> names = new ArrayList<>();
        for (String h : hosts) {
            names.add(new GeneralName(looksLikeAddress(h) ? GeneralName.iPAddress : GeneralName.dNSName, h));
        }
        try {
            X509v3CertificateBuilder b = leaf(name("hub", "Fedra hub"), hubKey, now)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            return sign(b, key.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue the hub certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Signs a node's certificate signing request. The subject is set by the hub (CN = node id,
     * O = organisation), never taken from the request; the request's own signature must hold, which
     * proves the node holds the private key.
     */
    public X509Certificate signNodeRequest(byte[] csrDer, String nodeId, String organisation, Instant now) {
        JcaPKCS10CertificationRequest csr;
        java.security.PublicKey nodeKey;
        try {
            csr = new JcaPKCS10CertificationRequest(csrDer);
            nodeKey = java.security.KeyFactory.getInstance("EC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(nodeKey))) {
                throw new IllegalArgumentException("the certificate signing request's signature does not verify");
            }
        } catch (IOException | RuntimeException | OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("not a valid PKCS#10 certificate signing request: " + e.getMessage(), e);
        }
        try {
            KeyPair nodePublic = new KeyPair(nodeKey, null);
            X509v3CertificateBuilder b = leaf(name(nodeId, organisation), nodePublic, now)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return sign(b, key.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the node certificate: " + e.getMessage(), e);
        }
    }

    private X509v3CertificateBuilder leaf(X500Name subject, KeyPair subjectKey, Instant now) throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        return new JcaX509v3CertificateBuilder(certificate, serial(random), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(LEAF_VALIDITY)), subject, subjectKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws OperatorCreationException, java.security.cert.CertificateException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(Certificates.SIGNATURE_ALGORITHM).build(signer)));
    }

    private static X500Name name(String cn, String org) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).addRDN(BCStyle.O, org).build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static boolean looksLikeAddress(String h) {
        return h.matches("[0-9.]+") || h.contains(":");
    }
}
