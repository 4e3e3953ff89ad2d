package org.fedra.privacy.ristretto;

import java.math.BigInteger;

/** Curve constants of RFC 9496 section 4.1 (edwards25519 with a = -1), as field elements. */
final class Constants25519 {
    static final long[] D = dec("37095705934669439343138083508754565189542113879843219016388785533085940283555");
    static final long[] D2 = twice(D);
    static final long[] SQRT_M1 = dec("19681161376707505956807079304988542015446066515923890162744021073123829784752");
    static final long[] SQRT_AD_MINUS_ONE = dec("25063068953384623474111414158702152701244531502492656460079210482610430750235");
    static final long[] INVSQRT_A_MINUS_D = dec("54469307008909316920995813868745141605393597292927456921205312896311721017578");
    static final long[] ONE_MINUS_D_SQ = dec("1159843021668779879193775521855586647937357759715417654439879720876111806838");
    static final long[] D_MINUS_ONE_SQ = dec("40440834346308536858101042469323190826248399146238708352240133220865137265952");

    private Constants25519() {
    }

    private static long[] twice(long[] f) {
        long[] h = new long[5];
        Field25519.add(h, f, f);
        return h;
    }

    private static long[] dec(String decimal) {
        return Field25519.fromBigInteger(new BigInteger(decimal));
    }
}
