package org.fedra.privacy.secagg;

import java.util.Objects;

/**
 * Round 0, client to server (and then broadcast): a client's two fresh X25519 public keys.
 *
 * @param clientId            the client's node id
 * @param encryptionPublicKey c_u: agreed with to encrypt the Shamir shares sent to each other client (32 bytes)
 * @param maskPublicKey       s_u: agreed with to derive the pairwise mask seeds (32 bytes)
 */
public record KeyAdvertisement(String clientId, byte[] encryptionPublicKey, byte[] maskPublicKey) {

    /** @throws IllegalArgumentException on a blank id or keys that are not 32 bytes */
    public KeyAdvertisement {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("client id must not be blank");
        }
        if (encryptionPublicKey == null || encryptionPublicKey.length != X25519.KEY_BYTES
                || maskPublicKey == null || maskPublicKey.length != X25519.KEY_BYTES) {
            throw new IllegalArgumentException("keys of client " + clientId + " must be 32-byte X25519 public keys");
        }
        encryptionPublicKey = encryptionPublicKey.clone();
        maskPublicKey = maskPublicKey.clone();
    }

    @Override
    public byte[] encryptionPublicKey() {
        return encryptionPublicKey.clone();
    }

    @Override
    public byte[] maskPublicKey() {
        return maskPublicKey.clone();
    }

    boolean sameKeys(KeyAdvertisement other) {
        return clientId.equals(other.clientId)
                && java.util.Arrays.equals(encryptionPublicKey, other.encryptionPublicKey)
                && java.util.Arrays.equals(maskPublicKey, other.maskPublicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyAdvertisement k && sameKeys(k);
    }

    @Override
    public int hashCode() {
        return clientId.hashCode();
    }
}
