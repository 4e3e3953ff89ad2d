package org.fedra.privacy.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShamirSecretSharingTest {

    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] secret(SecureRandom random) {
        byte[] s = new byte[32];
        random.nextBytes(s);
        return s;
    }

    @Test
    void everySubsetOfThresholdSharesReconstructsTheSecret() {
        SecureRandom random = seeded(1);
        ShamirSecretSharing sharing = new ShamirSecretSharing(3, 6);
        byte[] s = secret(random);
        List<ShamirShare> shares = sharing.split(s, random);
        assertThat(shares).hasSize(6);
        int subsets = 0;
        for (int mask = 0; mask < (1 << 6); mask++) {
            if (Integer.bitCount(mask) < 3) {
                continue;
            }
            List<ShamirShare> subset = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(shares.get(i));
                }
            }
            assertThat(sharing.reconstruct(subset)).as("subset %s", Integer.toBinaryString(mask)).isEqualTo(s);
            subsets++;
        }
        assertThat(subsets).isEqualTo(20 + 15 + 6 + 1);
    }

    @Test
    void secretsWithLeadingZerosAndExtremesRoundTrip() {
        SecureRandom random = seeded(2);
        ShamirSecretSharing sharing = new ShamirSecretSharing(2, 3);
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        byte[] leading = new byte[32];
        leading[31] = 7;
        for (byte[] s : List.of(zeros, ones, leading)) {
            assertThat(sharing.reconstruct(sharing.split(s, random).subList(1, 3))).isEqualTo(s);
        }
    }

    @Test
    void thresholdOfOneAndThresholdOfN() {
        SecureRandom random = seeded(3);
        byte[] s = secret(random);
        ShamirSecretSharing one = new ShamirSecretSharing(1, 4);
        assertThat(one.reconstruct(List.of(one.split(s, random).get(2)))).isEqualTo(s);
        ShamirSecretSharing all = new ShamirSecretSharing(5, 5);
        assertThat(all.reconstruct(all.split(s, random))).isEqualTo(s);
    }

    @Test
    void thresholdMinusOneSharesAreConsistentWithAnyOtherSecret() {
        // For any other secret there is a degree t-1 polynomial through it and the t-1 given
        // shares, i.e. a completion of the sharing that reconstructs that other secret.
        SecureRandom random = seeded(4);
        ShamirSecretSharing sharing = new ShamirSecretSharing(3, 5);
        byte[] real = secret(random);
        List<ShamirShare> seen = sharing.split(real, random).subList(0, 2);
        for (int trial = 0; trial < 5; trial++) {
            byte[] other = secret(random);
            List<ShamirShare> points = new ArrayList<>(seen);
            // Index 5 is the "missing" share; it is determined by (0, other) and the seen shares.
            BigInteger fake = lagrangeAt(List.of(
                    new BigInteger[] {BigInteger.ZERO, new BigInteger(1, other)},
                    new BigInteger[] {BigInteger.ONE, seen.get(0).value()},
                    new BigInteger[] {BigInteger.TWO, seen.get(1).value()}), BigInteger.valueOf(5));
            points.add(new ShamirShare(5, fake));
            assertThat(sharing.reconstruct(points)).isEqualTo(other);
        }
    }

    @Test
    void oneShareBelowThresholdIsUniformWhateverTheSecret() {
        // Over GF(257) with t = 2, share 1 of secret 0 and of secret 200 must both be uniform:
        // chi-square over 257 cells, 40 expected per cell, 256 degrees of freedom.
        BigInteger p = BigInteger.valueOf(257);
        ShamirSecretSharing small = new ShamirSecretSharing(2, 3, p, p);
        SecureRandom random = seeded(5);
        for (int secret : new int[] {0, 200}) {
            int[] counts = new int[257];
            int samples = 257 * 40;
            for (int i = 0; i < samples; i++) {
                counts[small.split(BigInteger.valueOf(secret), random).get(0).value().intValueExact()]++;
            }
            double chi = 0;
            for (int c : counts) {
                chi += (c - 40.0) * (c - 40.0) / 40.0;
            }
            // 99.9% quantile of chi-square(256) is about 339.
            assertThat(chi).as("chi-square for secret %d", secret).isLessThan(339);
        }
    }

    @Test
    void fewerThanThresholdSharesAreRefused() {
        SecureRandom random = seeded(6);
        ShamirSecretSharing sharing = new ShamirSecretSharing(3, 5);
        List<ShamirShare> shares = sharing.split(secret(random), random);
        assertThatThrownBy(() -> sharing.reconstruct(shares.subList(0, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need at least 3 shares").hasMessageContaining("got 2");
    }

    @Test
    void duplicateAndInvalidIndexesAreRefused() {
        SecureRandom random = seeded(7);
        ShamirSecretSharing sharing = new ShamirSecretSharing(2, 3);
        List<ShamirShare> shares = sharing.split(secret(random), random);
        assertThatThrownBy(() -> sharing.reconstruct(List.of(shares.get(0), shares.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate share index 1");
        assertThatThrownBy(() -> sharing.reconstruct(List.of(shares.get(0), new ShamirShare(4, BigInteger.ONE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share index 4 is above the share count 3");
        assertThatThrownBy(() -> new ShamirShare(0, BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share index must be >= 1");
        assertThatThrownBy(() -> new ShamirShare(1, ShamirSecretSharing.PRIME))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the field");
        assertThatThrownBy(() -> sharing.split(new byte[31], random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 32 bytes, was 31");
        assertThatThrownBy(() -> new ShamirSecretSharing(4, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below the threshold");
    }

    @Test
    void aTamperedShareIsDetectedWhenMoreThanThresholdSharesAreGiven() {
        SecureRandom random = seeded(8);
        ShamirSecretSharing sharing = new ShamirSecretSharing(2, 4);
        List<ShamirShare> shares = new ArrayList<>(sharing.split(secret(random), random));
        shares.set(2, new ShamirShare(3, shares.get(2).value().add(BigInteger.ONE).mod(ShamirSecretSharing.PRIME)));
        assertThatThrownBy(() -> sharing.reconstruct(shares))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share 3 is inconsistent");
    }

    @Test
    void shareValuesRoundTripThroughTheirFixedEncoding() {
        SecureRandom random = seeded(9);
        for (ShamirShare share : new ShamirSecretSharing(2, 3).split(secret(random), random)) {
            byte[] encoded = share.encodeValue();
            assertThat(encoded).hasSize(ShamirShare.VALUE_BYTES);
            assertThat(ShamirShare.decode(share.index(), encoded)).isEqualTo(share);
        }
    }

    private static BigInteger lagrangeAt(List<BigInteger[]> points, BigInteger x) {
        BigInteger p = ShamirSecretSharing.PRIME;
        BigInteger result = BigInteger.ZERO;
        for (BigInteger[] pi : points) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (BigInteger[] pj : points) {
                if (pj != pi) {
                    num = num.multiply(x.subtract(pj[0])).mod(p);
                    den = den.multiply(pi[0].subtract(pj[0])).mod(p);
                }
            }
            result = result.add(pi[1].multiply(num).multiply(den.modInverse(p))).mod(p);
        }
        return result;
    }
}
