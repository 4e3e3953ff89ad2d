package org.fedra.node.onboarding;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Keyed hash (HMAC-SHA-256) of source identifiers. The key is the node's own and never leaves it; without it
 * a pseudonym cannot be linked back to a hospital identifier, and with it the same source identifier always
 * yields the same pseudonym, which makes imports idempotent.
 */
public final class Pseudonymiser {
    private final SecretKeySpec key;

    /** @param nodeKey at least 32 random bytes held by the node */
    public Pseudonymiser(byte[] nodeKey) {
        if (nodeKey == null || nodeKey.length < 32) {
            throw new IllegalArgumentException("the pseudonymisation key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(nodeKey.clone(), "HmacSHA256");
    }

    /** A FHIR id (32 hex characters, 128 bits) for a source resource {@code type/sourceId}. */
    public String pseudonym(String resourceType, String sourceId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal((resourceType + "/" + sourceId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
