package org.fedra.privacy.secagg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** SHA-256 over (domain, round, client, seed), length-prefixed: a binding commitment to b_u. */
final class SelfMaskCommitment {

    private SelfMaskCommitment() {
    }

    static byte[] of(String roundId, String clientId, byte[] seed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] field : new byte[][] {"fedra-secagg-self-mask".getBytes(StandardCharsets.UTF_8),
                    roundId.getBytes(StandardCharsets.UTF_8), clientId.getBytes(StandardCharsets.UTF_8), seed}) {
                sha.update(new byte[] {(byte) (field.length >>> 24), (byte) (field.length >>> 16),
                        (byte) (field.length >>> 8), (byte) field.length});
                sha.update(field);
            }
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
