package org.fedra.privacy.secagg;

import java.util.Objects;

/**
 * What server and clients of one round agree on beforehand.
 *
 * @param roundId      unique per round; bound into every derived key so that nothing is reused across rounds
 * @param threshold    t: clients needed to finish the round, and shares needed to reconstruct a secret
 * @param vectorLength length of every input vector
 * @param codec        fixed-point encoding and range of the inputs
 */
public record RoundParameters(String roundId, int threshold, int vectorLength, FixedPointCodec codec) {

    /** @throws IllegalArgumentException on a blank round id, a threshold below 2, or an empty vector */
    public RoundParameters {
        Objects.requireNonNull(roundId, "roundId");
        Objects.requireNonNull(codec, "codec");
        if (roundId.isBlank()) {
            throw new IllegalArgumentException("round id must not be blank");
        }
        // t = 1 would let the server reconstruct any client's self-mask from that client alone.
        if (threshold < 2) {
            throw new IllegalArgumentException("threshold must be >= 2, was " + threshold);
        }
        if (vectorLength < 1) {
            throw new IllegalArgumentException("vector length must be >= 1, was " + vectorLength);
        }
    }
}
