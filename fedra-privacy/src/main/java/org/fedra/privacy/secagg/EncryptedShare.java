package org.fedra.privacy.secagg;

import java.util.Objects;

/**
 * One client's Shamir shares (of its self-mask seed and of its mask private key) for one other
 * client, AES-256-GCM encrypted under a key only those two can derive; the server only routes it.
 *
 * @param from       the client whose secrets are shared
 * @param to         the client that holds the shares
 * @param nonce      12-byte GCM nonce
 * @param ciphertext ciphertext with its 16-byte tag
 */
public record EncryptedShare(String from, String to, byte[] nonce, byte[] ciphertext) {

    /** Validates presence only; authenticity is checked on decryption. */
    public EncryptedShare {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        nonce = Objects.requireNonNull(nonce, "nonce").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }
}
