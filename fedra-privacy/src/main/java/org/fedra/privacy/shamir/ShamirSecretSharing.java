package org.fedra.privacy.shamir;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Shamir t-of-n secret sharing of 32-byte secrets.
 *
 * <p>The field is GF(p) with p = 2^521 - 1, a Mersenne prime. Why this prime: every 32-byte
 * secret (an integer below 2^256) is a field element as it is, so no secret is reduced or
 * rejected, and reconstruction returning a value of 2^256 or more is a certain sign of wrong
 * shares; a well-known Mersenne prime is also easy to audit. The random coefficients are uniform
 * over the whole field, so any t-1 shares are uniformly distributed whatever the secret.
 */
public final class ShamirSecretSharing {

    /** The field modulus 2^521 - 1. */
    public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);

    /** Length in bytes of the secrets this class shares. */
    public static final int SECRET_BYTES = 32;

    private static final BigInteger SECRET_BOUND = BigInteger.ONE.shiftLeft(8 * SECRET_BYTES);

    private final int threshold;
    private final int shareCount;
    private final BigInteger prime;
    private final BigInteger secretBound;

    /**
     * @param threshold  t, the number of shares needed to reconstruct (at least 1)
     * @param shareCount n, the number of shares made (at least t)
     * @throws IllegalArgumentException if not 1 <= t <= n
     */
    public ShamirSecretSharing(int threshold, int shareCount) {
        this(threshold, shareCount, PRIME, SECRET_BOUND);
    }

    /** For tests over a small field, where distributions can be counted exhaustively. */
    ShamirSecretSharing(int threshold, int shareCount, BigInteger prime, BigInteger secretBound) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be >= 1, was " + threshold);
        }
        if (shareCount < threshold) {
            throw new IllegalArgumentException("share count " + shareCount + " is below the threshold " + threshold);
        }
        if (BigInteger.valueOf(shareCount).compareTo(prime) >= 0) {
            throw new IllegalArgumentException("share count " + shareCount + " does not fit in the field");
        }
        this.threshold = threshold;
        this.shareCount = shareCount;
        this.prime = prime;
        this.secretBound = secretBound;
    }

    /** t: shares needed to reconstruct. */
    public int threshold() {
        return threshold;
    }

    /** n: shares made by {@link #split}. */
    public int shareCount() {
        return shareCount;
    }

    /**
     * Splits a 32-byte secret into n shares with indexes 1..n.
     *
     * @throws IllegalArgumentException if the secret is not 32 bytes
     */
    public List<ShamirShare> split(byte[] secret, SecureRandom random) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(random, "random");
        if (prime.equals(PRIME) && secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be " + SECRET_BYTES + " bytes, was " + secret.length);
        }
        return split(new BigInteger(1, secret), random);
    }

    /** Splits a field element; package-private for small-field tests. */
    List<ShamirShare> split(BigInteger secret, SecureRandom random) {
        if (secret.signum() < 0 || secret.compareTo(secretBound) >= 0) {
            throw new IllegalArgumentException("secret is outside the shareable range");
        }
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = secret;
        for (int i = 1; i < threshold; i++) {
            coefficients[i] = uniformFieldElement(random);
        }
        List<ShamirShare> shares = new ArrayList<>(shareCount);
        for (int x = 1; x <= shareCount; x++) {
            shares.add(new ShamirShare(x, evaluate(coefficients, BigInteger.valueOf(x))));
        }
        return shares;
    }

    /**
     * Reconstructs the 32-byte secret by Lagrange interpolation at 0. Any t shares suffice; when
     * more than t are given, the extra shares must lie on the same polynomial, which detects a
     * tampered share.
     *
     * @throws IllegalArgumentException if fewer than t shares are given, an index repeats or is
     *                                  above n, the shares are inconsistent, or the result is not a 32-byte secret
     */
    public byte[] reconstruct(Collection<ShamirShare> shares) {
        BigInteger secret = reconstructElement(shares);
        if (secret.compareTo(secretBound) >= 0) {
            throw new IllegalArgumentException("shares do not reconstruct a " + SECRET_BYTES
                    + "-byte secret: they are wrong or belong to different sharings");
        }
        byte[] raw = secret.toByteArray();
        byte[] out = new byte[SECRET_BYTES];
        int copy = Math.min(raw.length, SECRET_BYTES);
        System.arraycopy(raw, raw.length - copy, out, SECRET_BYTES - copy, copy);
        return out;
    }

    /** Reconstructs the shared field element; package-private for small-field tests. */
    BigInteger reconstructElement(Collection<ShamirShare> shares) {
        Objects.requireNonNull(shares, "shares");
        if (shares.size() < threshold) {
            throw new IllegalArgumentException("need at least " + threshold + " shares to reconstruct, got " + shares.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (ShamirShare share : shares) {
            Objects.requireNonNull(share, "share");
            if (share.index() > shareCount) {
                throw new IllegalArgumentException("share index " + share.index() + " is above the share count " + shareCount);
            }
            if (share.value().compareTo(prime) >= 0) {
                throw new IllegalArgumentException("share " + share.index() + " has a value outside the field");
            }
            if (!seen.add(share.index())) {
                throw new IllegalArgumentException("duplicate share index " + share.index());
            }
        }
        List<ShamirShare> all = List.copyOf(shares);
        List<ShamirShare> basis = all.subList(0, threshold);
        for (ShamirShare extra : all.subList(threshold, all.size())) {
            BigInteger expected = interpolate(basis, BigInteger.valueOf(extra.index()));
            if (!expected.equals(extra.value())) {
                throw new IllegalArgumentException("share " + extra.index()
                        + " is inconsistent with the others: a share was tampered with or belongs to another sharing");
            }
        }
        return interpolate(basis, BigInteger.ZERO);
    }

    /** Value at {@code x} of the unique polynomial of degree < t through the given points. */
    private BigInteger interpolate(List<ShamirShare> points, BigInteger x) {
        BigInteger result = BigInteger.ZERO;
        for (ShamirShare pi : points) {
            BigInteger xi = BigInteger.valueOf(pi.index());
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (ShamirShare pj : points) {
                if (pj == pi) {
                    continue;
                }
                BigInteger xj = BigInteger.valueOf(pj.index());
                numerator = numerator.multiply(x.subtract(xj)).mod(prime);
                denominator = denominator.multiply(xi.subtract(xj)).mod(prime);
            }
            BigInteger term = pi.value().multiply(numerator).mod(prime)
                    .multiply(denominator.modInverse(prime)).mod(prime);
            result = result.add(term);
        }
        return result.mod(prime);
    }

    private BigInteger evaluate(BigInteger[] coefficients, BigInteger x) {
        BigInteger acc = BigInteger.ZERO;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            acc = acc.multiply(x).add(coefficients[i]).mod(prime);
        }
        return acc;
    }

    private BigInteger uniformFieldElement(SecureRandom random) {
        // Rejection sampling keeps the coefficient exactly uniform over [0, p).
        BigInteger candidate;
        do {
            candidate = new BigInteger(prime.bitLength(), random);
        } while (candidate.compareTo(prime) >= 0);
        return candidate;
    }
}
