package org.fedra.privacy.psi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fedra.privacy.ristretto.InvalidEncodingException;
import org.fedra.privacy.ristretto.RistrettoElement;
import org.fedra.privacy.ristretto.Scalar;

/**
 * The per-party cryptographic core of ECDH PSI: hashing identifiers into the group under the
 * federation linkage key and blinding with the party's secret scalar, in parallel batches.
 *
 * <p>The keyed hash (HMAC-SHA-512) keeps an outsider who sees blinded values from testing guesses
 * of identifiers (patient numbers have little entropy); only federation members hold the key.
 * The 64-byte MAC output is exactly the uniform input of the RFC 9496 one-way map.
 */
final class ElementBlinder {
    private final byte[] linkageKey;
    private final Scalar secret;
    private final ForkJoinPool pool;
    private final ThreadLocal<Mac> macs;

    ElementBlinder(byte[] linkageKey, Scalar secret, ForkJoinPool pool) {
        if (linkageKey == null || linkageKey.length < 16) {
            throw new IllegalArgumentException("linkage key must be at least 16 bytes");
        }
        this.linkageKey = linkageKey.clone();
        this.secret = secret;
        this.pool = pool;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(linkageKey, "HmacSHA512"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available", e);
        }
    }

    /** H(id) = one-way-map(HMAC-SHA-512(linkageKey, UTF-8(id))). */
    RistrettoElement hash(String identifier) {
        byte[] mac = macs.get().doFinal(identifier.getBytes(StandardCharsets.UTF_8));
        return RistrettoElement.fromUniformBytes(mac);
    }

    /** secret * H(id), encoded. */
    byte[] hashAndBlind(String identifier) {
        return hash(identifier).multiply(secret).encode();
    }

    /** secret * decode(encoded), encoded. */
    byte[] reblind(byte[] encoded, int index, String what) {
        RistrettoElement e;
        try {
            e = RistrettoElement.decode(encoded);
        } catch (InvalidEncodingException ex) {
            throw new PsiProtocolException(what + " element " + index + " is not a valid ristretto255 encoding: "
                    + ex.getMessage(), ex);
        }
        if (e.equals(RistrettoElement.IDENTITY)) {
            // hashing never yields the identity; a party that sends it could make unrelated sets match
            throw new PsiProtocolException(what + " element " + index + " is the group identity, which no identifier hashes to");
        }
        return e.multiply(secret).encode();
    }

    /** A blinder under the same linkage key and pool with another secret scalar. */
    ElementBlinder withSecret(Scalar other) {
        return new ElementBlinder(linkageKey, other, pool);
    }

    List<byte[]> hashAndBlindAll(List<String> identifiers) {
        return inPool(() -> IntStream.range(0, identifiers.size()).parallel()
                .mapToObj(i -> hashAndBlind(identifiers.get(i)))
                .collect(Collectors.toCollection(ArrayList::new)));
    }

    List<byte[]> reblindAll(List<byte[]> encoded, String what) {
        return inPool(() -> IntStream.range(0, encoded.size()).parallel()
                .mapToObj(i -> reblind(encoded.get(i), i, what))
                .collect(Collectors.toCollection(ArrayList::new)));
    }

    private <T> T inPool(java.util.concurrent.Callable<T> task) {
        try {
            return pool.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while blinding", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        }
    }

    void destroy() {
        Arrays.fill(linkageKey, (byte) 0);
    }
}
