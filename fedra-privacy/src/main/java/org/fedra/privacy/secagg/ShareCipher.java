package org.fedra.privacy.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fedra.privacy.shamir.ShamirShare;

/**
 * AES-256-GCM encryption of the pair of shares one client holds for another. The round id, sender
 * and recipient are authenticated as associated data, so a share cannot be replayed into another
 * round or redirected to another recipient.
 */
final class ShareCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** The decrypted pair. */
    record SharePair(ShamirShare selfMaskShare, ShamirShare maskKeyShare) {
    }

    private ShareCipher() {
    }

    static EncryptedShare encrypt(byte[] key, String roundId, String from, String to,
                                  ShamirShare selfMaskShare, ShamirShare maskKeyShare, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        ByteBuffer plain = ByteBuffer.allocate(4 + 2 * ShamirShare.VALUE_BYTES);
        plain.putInt(selfMaskShare.index()).put(selfMaskShare.encodeValue()).put(maskKeyShare.encodeValue());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(roundId, from, to));
            return new EncryptedShare(from, to, nonce, cipher.doFinal(plain.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** @throws SecureAggregationException if the share was altered, misrouted or from another round */
    static SharePair decrypt(byte[] key, String roundId, EncryptedShare share) {
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, share.nonce()));
            cipher.updateAAD(associatedData(roundId, share.from(), share.to()));
            plain = cipher.doFinal(share.ciphertext());
        } catch (AEADBadTagException e) {
            throw new SecureAggregationException("share from " + share.from() + " to " + share.to()
                    + " failed authentication: it was tampered with, misrouted or belongs to another round", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecureAggregationException("share from " + share.from() + " to " + share.to()
                    + " cannot be decrypted: " + e.getMessage(), e);
        }
        if (plain.length != 4 + 2 * ShamirShare.VALUE_BYTES) {
            throw new SecureAggregationException("share from " + share.from() + " has a malformed plaintext");
        }
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        int index = buffer.getInt();
        byte[] b = new byte[ShamirShare.VALUE_BYTES];
        byte[] s = new byte[ShamirShare.VALUE_BYTES];
        buffer.get(b).get(s);
        try {
            return new SharePair(ShamirShare.decode(index, b), ShamirShare.decode(index, s));
        } catch (IllegalArgumentException e) {
            throw new SecureAggregationException("share from " + share.from() + " is invalid: " + e.getMessage(), e);
        }
    }

    private static byte[] associatedData(String roundId, String from, String to) {
        byte[][] fields = {roundId.getBytes(StandardCharsets.UTF_8), from.getBytes(StandardCharsets.UTF_8),
                to.getBytes(StandardCharsets.UTF_8)};
        int length = 0;
        for (byte[] f : fields) {
            length += 4 + f.length;
        }
        ByteBuffer aad = ByteBuffer.allocate(length);
        for (byte[] f : fields) {
            aad.putInt(f.length).put(f);
        }
        return aad.array();
    }
}
