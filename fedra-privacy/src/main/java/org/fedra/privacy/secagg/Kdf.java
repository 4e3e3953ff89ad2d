package org.fedra.privacy.secagg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA-256 (RFC 5869) for 32-byte keys. The info string binds every derived key to the round,
 * its purpose and the ordered pair of clients, so keys never repeat across rounds or uses.
 */
final class Kdf {

    private static final byte[] SALT = "fedra-secagg-v1".getBytes(StandardCharsets.UTF_8);

    private Kdf() {
    }

    static byte[] derive(byte[] sharedSecret, String roundId, String purpose, String lowerId, String higherId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = mac.doFinal(sharedSecret);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            // Length-prefixed fields so that ("a","bc") and ("ab","c") never collide.
            for (String field : new String[] {roundId, purpose, lowerId, higherId}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                        (byte) (bytes.length >>> 8), (byte) bytes.length});
                mac.update(bytes);
            }
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
