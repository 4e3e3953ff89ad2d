package org.fedra.privacy.secagg;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Round 3, server to the included clients: which clients' inputs are summed (their self-mask
 * seeds must be reconstructed) and which clients are dropped (their mask keys must be
 * reconstructed to cancel the pairwise masks they left in the others' inputs). A client answers
 * only if the two sets are disjoint, so no client ever has both secrets revealed.
 *
 * @param included clients whose masked inputs are summed
 * @param dropped  clients of U2 whose inputs are not summed
 */
public record UnmaskRequest(Set<String> included, Set<String> dropped) {

    /** Copies the sets; overlap is not rejected here but by the client, which must refuse it. */
    public UnmaskRequest {
        included = Set.copyOf(Objects.requireNonNull(included, "included"));
        dropped = Set.copyOf(Objects.requireNonNull(dropped, "dropped"));
    }

    /** Clients named in both sets; empty in any honest request. */
    public Set<String> overlap() {
        Set<String> both = new HashSet<>(included);
        both.retainAll(dropped);
        return both;
    }
}
