package org.fedra.privacy.secagg;

import java.util.Objects;

/**
 * Round 2, client to server: y_u, the client's fixed-point input plus its self-mask and pairwise
 * masks, in Z_{2^64}. Alone it is indistinguishable from uniform words.
 *
 * <p>The array is not copied (vectors may hold millions of words); neither side modifies it.
 *
 * @param from         the sender
 * @param maskedVector the masked words
 */
public record MaskedInput(String from, long[] maskedVector) {

    /** Validates presence. */
    public MaskedInput {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(maskedVector, "maskedVector");
    }
}
