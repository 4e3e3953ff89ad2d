package org.fedra.privacy.secagg;

import java.util.Set;

/**
 * The outcome of a round.
 *
 * @param sum             decoded sum of the included clients' vectors (exact up to 2^-17 per value per client)
 * @param encodedSum      the exact fixed-point sum in Z_{2^64}
 * @param includedClients whose inputs are in the sum
 */
public record AggregationResult(double[] sum, long[] encodedSum, Set<String> includedClients) {

    /** Copies the set. */
    public AggregationResult {
        includedClients = Set.copyOf(includedClients);
    }
}
