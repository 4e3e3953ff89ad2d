package org.fedra.privacy.secagg;

import java.util.Objects;

/**
 * Round 0, client to server (and then broadcast): a client's two fresh X25519 public keys.
 *
 * @param clientId            the client's node id
 * @param encryptionPublicKey c_u: agreed with to encrypt the Shamir shares sent to each other client (32 bytes)
 * @param maskPublicKey       s_u: agreed with to derive the pairwise mask seeds (32 bytes)
 * @param selfMaskCommitment  SHA-256 commitment to the self-mask seed b_u (32 bytes). Not in Bonawitz et al.;
 *                            it lets the server detect a tampered share of b_u even when exactly t clients
 *                            answer, where Shamir reconstruction alone cannot tell. b_u is 256 uniform bits,
 *                            so the hash reveals nothing usable about it.
 */
public record KeyAdvertisement(String clientId, byte[] encryptionPublicKey, byte[] maskPublicKey, byte[] selfMaskCommitment) {

    /** @throws IllegalArgumentException on a blank id or keys and commitment that are not 32 bytes */
    public KeyAdvertisement {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank()) {
            throw new IllegalArgumentException("client id must not be blank");
        }
        if (encryptionPublicKey == null || encryptionPublicKey.length != X25519.KEY_BYTES
                || maskPublicKey == null || maskPublicKey.length != X25519.KEY_BYTES) {
            throw new IllegalArgumentException("keys of client " + clientId + " must be 32-byte X25519 public keys");
        }
        if (selfMaskCommitment == null || selfMaskCommitment.length != 32) {
            throw new IllegalArgumentException("self-mask commitment of client " + clientId + " must be 32 bytes");
        }
        encryptionPublicKey = encryptionPublicKey.clone();
        maskPublicKey = maskPublicKey.clone();
        selfMaskCommitment = selfMaskCommitment.clone();
    }

    @Override
    public byte[] selfMaskCommitment() {
        return selfMaskCommitment.clone();
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
                && java.util.Arrays.equals(maskPublicKey, other.maskPublicKey)
                && java.util.Arrays.equals(selfMaskCommitment, other.selfMaskCommitment);
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
