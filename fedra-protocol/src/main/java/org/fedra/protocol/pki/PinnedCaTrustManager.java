package org.fedra.protocol.pki;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts a server only if it presents a chain that ends in a CA certificate with a given SHA-256
 * fingerprint and whose leaf that CA signed. This is how a node enrols before it holds the
 * federation's CA certificate: the enrolment token carries the fingerprint, so a man in the middle
 * cannot hand the node a CA of its own.
 */
public final class PinnedCaTrustManager implements X509TrustManager {
    private final String fingerprint;

    public PinnedCaTrustManager(String fingerprint) {
        this.fingerprint = fingerprint.toLowerCase();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the hub presented no certificate");
        }
        for (X509Certificate candidate : chain) {
            if (Certificates.fingerprint(candidate).equals(fingerprint)) {
                try {
                    candidate.verify(candidate.getPublicKey());
                    chain[0].verify(candidate.getPublicKey());
                    chain[0].checkValidity();
                    return;
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("the hub's certificate is not signed by the pinned federation CA: " + e.getMessage(), e);
                }
            }
        }
        throw new CertificateException("the hub's certificate chain does not contain the federation CA with fingerprint "
                + fingerprint + " given in the enrolment token");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
