package org.fedra.privacy.secagg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PRG: expands a 32-byte seed into a stream of words of Z_{2^64} with AES-256 in counter
 * mode (the JDK's, hardware-accelerated where the CPU allows), and adds or subtracts that stream
 * into a vector. Each seed is used for one stream only (a zero IV is safe because every seed is
 * fresh per round and per purpose).
 */
final class MaskGenerator {

    private static final int CHUNK_WORDS = 8192;

    private MaskGenerator() {
    }

    /** acc[i] += sign * PRG(seed)[i] mod 2^64, for i in [0, acc.length). */
    static void addMask(long[] acc, byte[] seed, boolean subtract) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("mask seed must be 32 bytes, was " + seed.length);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
            byte[] zeros = new byte[CHUNK_WORDS * Long.BYTES];
            byte[] stream = new byte[zeros.length];
            LongBuffer words = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            for (int start = 0; start < acc.length; start += CHUNK_WORDS) {
                int n = Math.min(CHUNK_WORDS, acc.length - start);
                cipher.update(zeros, 0, n * Long.BYTES, stream, 0);
                if (subtract) {
                    for (int i = 0; i < n; i++) {
                        acc[start + i] -= words.get(i);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        acc[start + i] += words.get(i);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available in this JDK", e);
        }
    }
}
