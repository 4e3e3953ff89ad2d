package org.fedra.privacy.secagg;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The pairwise mask between two clients u and v: PRG(KDF(X25519(s_u, s_v))). The client with the
 * smaller id (in {@link String#compareTo} order) adds it and the other subtracts it, so the pair's
 * masks cancel in the sum.
 */
final class PairwiseMasks {

    static final String PURPOSE_MASK = "pairwise-mask";
    static final String PURPOSE_SHARE_KEY = "share-encryption";

    private PairwiseMasks() {
    }

    static byte[] seed(PrivateKey mine, PublicKey theirs, String roundId, String a, String b) {
        return key(mine, theirs, roundId, PURPOSE_MASK, a, b);
    }

    static byte[] key(PrivateKey mine, PublicKey theirs, String roundId, String purpose, String a, String b) {
        byte[] shared = X25519.agree(mine, theirs);
        boolean aFirst = a.compareTo(b) < 0;
        return Kdf.derive(shared, roundId, purpose, aFirst ? a : b, aFirst ? b : a);
    }

    /**
     * Applies the mask between {@code owner} and {@code other} the way {@code owner} applies it to
     * its own input (or, with {@code remove}, undoes it).
     */
    static void apply(long[] vector, byte[] seed, String owner, String other, boolean remove) {
        boolean ownerAdds = owner.compareTo(other) < 0;
        MaskGenerator.addMask(vector, seed, ownerAdds == remove);
    }
}
