package org.fedra.privacy.ristretto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Algebraic properties of the group and field, checked on seeded random inputs. */
class RistrettoPropertiesTest {
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fieldArithmeticAgreesWithBigInteger() {
        Random rnd = new Random(7);
        BigInteger p = Field25519.P;
        for (int i = 0; i < 2000; i++) {
            BigInteger a = new BigInteger(256, rnd).mod(p), b = new BigInteger(256, rnd).mod(p);
            long[] fa = Field25519.fromBigInteger(a), fb = Field25519.fromBigInteger(b), h = new long[5];
            if (i == 0) {
                // every limb at its maximum 2^51 - 1 (value 2^255 - 1 = p + 18, a valid weakly reduced form)
                a = BigInteger.valueOf(18);
                b = BigInteger.valueOf(18);
                java.util.Arrays.fill(fa, Field25519.MASK51);
                java.util.Arrays.fill(fb, Field25519.MASK51);
            }
            Field25519.mul(h, fa, fb);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(a.multiply(b).mod(p));
            Field25519.square(h, fa);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(a.multiply(a).mod(p));
            Field25519.sub(h, fa, fb);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(a.subtract(b).mod(p));
            Field25519.add(h, fa, fb);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(a.add(b).mod(p));
            // uncarried sums (limbs up to 2^53) are valid inputs to mul and square
            long[] sa = new long[5], sb = new long[5];
            Field25519.add(sa, fa, fa);
            Field25519.add(sb, sa, fb);
            Field25519.mul(h, sa, sb);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(a.shiftLeft(1).multiply(a.shiftLeft(1).add(b)).mod(p));
            Field25519.square(h, sb);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(a.shiftLeft(1).add(b).pow(2).mod(p));
            Field25519.sub(h, sb, sa);
            assertThat(Field25519.toBigInteger(h)).isEqualTo(b);
            if (i < 50) {
                Field25519.invert(h, fa);
                assertThat(Field25519.toBigInteger(h)).isEqualTo(a.signum() == 0 ? a : a.modInverse(p));
            }
        }
    }

    @Test
    void scalarMultiplicationIsAssociativeAndCommutesBetweenParties() {
        SecureRandom r = seeded(11);
        for (int i = 0; i < 20; i++) {
            Scalar a = Scalar.random(r), b = Scalar.random(r);
            RistrettoElement p = RistrettoElement.fromUniformBytes(bytes(r, 64));
            assertThat(p.multiply(b).multiply(a)).isEqualTo(p.multiply(a.multiply(b)));
            // the PSI property: a(bP) and b(aP) have the same encoding
            assertThat(p.multiply(a).multiply(b).encode()).containsExactly(p.multiply(b).multiply(a).encode());
            // unblinding with the inverse gives the original element back
            assertThat(p.multiply(a).multiply(a.invert())).isEqualTo(p);
        }
    }

    @Test
    void scalarMultiplicationIsDistributive() {
        SecureRandom r = seeded(12);
        for (int i = 0; i < 10; i++) {
            Scalar a = Scalar.random(r), b = Scalar.random(r);
            RistrettoElement p = RistrettoElement.fromUniformBytes(bytes(r, 64));
            assertThat(p.multiply(a.add(b))).isEqualTo(p.multiply(a).add(p.multiply(b)));
            assertThat(p.multiply(a).add(p.multiply(a.negate()))).isEqualTo(RistrettoElement.IDENTITY);
        }
    }

    @Test
    void encodeDecodeRoundTrip() {
        SecureRandom r = seeded(13);
        for (int i = 0; i < 200; i++) {
            RistrettoElement p = RistrettoElement.GENERATOR.multiply(Scalar.random(r));
            byte[] enc = p.encode();
            RistrettoElement q = RistrettoElement.decode(enc);
            assertThat(q).isEqualTo(p);
            assertThat(q.encode()).containsExactly(enc);
        }
    }

    @Test
    void orderTimesAnElementIsTheIdentity() {
        RistrettoElement p = RistrettoElement.fromUniformBytes(bytes(seeded(14), 64));
        // l = 0 mod l, so check (l-1)P + P = 0 instead
        assertThat(p.multiply(Scalar.of(Scalar.ORDER.subtract(BigInteger.ONE))).add(p)).isEqualTo(RistrettoElement.IDENTITY);
    }

    @Test
    void scalarEncodingIsCanonicalAndWideReductionIsModOrder() {
        byte[] l = Scalar.of(Scalar.ORDER.subtract(BigInteger.ONE)).encode();
        l[0] += 1; // exactly l
        assertThatThrownBy(() -> Scalar.decode(l)).hasMessageContaining("not canonical");
        byte[] wide = new byte[64];
        wide[32] = 1; // 2^256
        assertThat(Scalar.fromWideBytes(wide))
                .isEqualTo(Scalar.of(BigInteger.ONE.shiftLeft(256).mod(Scalar.ORDER)));
        Scalar s = Scalar.of(123456789);
        assertThat(Scalar.decode(s.encode())).isEqualTo(s);
        assertThat(s.multiply(s.invert())).isEqualTo(Scalar.ONE);
        assertThatThrownBy(Scalar.ZERO::invert).isInstanceOf(ArithmeticException.class);
    }

    private static byte[] bytes(SecureRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
