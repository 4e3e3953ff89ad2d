package org.fedra.protocol.audit;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.function.Predicate;
import org.fedra.protocol.pki.Pem;
import org.fedra.protocol.v1.SignedAuditHead;

/** Signed audit heads on the wire ({@link SignedAuditHead}): built from a log, and checked when received. */
public final class AuditHeadMessages {
    private AuditHeadMessages() {}

    /** The log's current head with the certificate of the key that signed it. */
    public static SignedAuditHead of(AuditLog log, X509Certificate certificate, Instant now) {
        SignedHead h = log.head();
        try {
            return SignedAuditHead.newBuilder().setCount(h.count()).setHash(h.hash()).setSignature(h.signature()).setTimeEpochMs(now.toEpochMilli())
                    .setCertificateDer(ByteString.copyFrom(certificate.getEncoded())).build();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the audit certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The head in a received message, once its certificate is one the federation CA issued to the expected sender and
     * its signature holds under that certificate's key.
     *
     * @param expectedSigner whether the certificate belongs to the party the message came from
     * @throws IllegalArgumentException saying which check failed
     */
    public static SignedHead verified(SignedAuditHead m, X509Certificate ca, Predicate<X509Certificate> expectedSigner) {
        X509Certificate cert = Pem.toCertificate(m.getCertificateDer().toByteArray());
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the audit head's certificate was not issued by the federation CA");
        }
        if (!expectedSigner.test(cert)) {
            throw new IllegalArgumentException("the audit head is signed by " + cert.getSubjectX500Principal().getName() + ", not by the sender");
        }
        SignedHead h = new SignedHead(m.getCount(), m.getHash(), m.getSignature());
        if (h.count() < 0 || !AuditLog.signedBy(h, cert.getPublicKey())) {
            throw new IllegalArgumentException("the audit head's signature does not verify");
        }
        return h;
    }
}
