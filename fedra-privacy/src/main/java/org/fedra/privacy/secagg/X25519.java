package org.fedra.privacy.secagg;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** The JDK's X25519 with keys as raw 32-byte strings (RFC 7748 encoding), for messages. */
final class X25519 {

    static final int KEY_BYTES = 32;

    private X25519() {
    }

    static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    static byte[] encodePublic(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] be = u.toByteArray();
        byte[] le = new byte[KEY_BYTES];
        for (int i = 0; i < Math.min(be.length, KEY_BYTES); i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    static PublicKey decodePublic(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            throw new SecureAggregationException("X25519 public key must be " + KEY_BYTES + " bytes");
        }
        byte[] be = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            be[i] = raw[KEY_BYTES - 1 - i];
        }
        be[0] &= 0x7f; // RFC 7748: the top bit of the u-coordinate is ignored
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        } catch (GeneralSecurityException e) {
            throw new SecureAggregationException("invalid X25519 public key", e);
        }
    }

    static byte[] encodePrivate(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar()
                .orElseThrow(() -> new IllegalStateException("X25519 private key has no exportable scalar"));
    }

    static PrivateKey decodePrivate(byte[] scalar) {
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new SecureAggregationException("invalid X25519 private key", e);
        }
    }

    /** The public key of a private key: its agreement with the base point u = 9. */
    static byte[] publicOf(PrivateKey key) {
        byte[] base = new byte[KEY_BYTES];
        base[0] = 9;
        return agree(key, decodePublic(base));
    }

    static byte[] agree(PrivateKey mine, PublicKey theirs) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(mine);
            agreement.doPhase(theirs, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new SecureAggregationException("X25519 key agreement failed: " + e.getMessage(), e);
        }
    }
}
