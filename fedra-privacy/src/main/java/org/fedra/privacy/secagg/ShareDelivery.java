package org.fedra.privacy.secagg;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Round 1, server to one client: the set U2 of clients whose shares arrived (the recipient's
 * pairwise masks are taken with exactly these) and the shares addressed to the recipient.
 *
 * @param to              the recipient
 * @param sharingClients  U2, including the recipient
 * @param shares          one share from every other member of U2
 */
public record ShareDelivery(String to, Set<String> sharingClients, List<EncryptedShare> shares) {

    /** Copies the collections. */
    public ShareDelivery {
        Objects.requireNonNull(to, "to");
        sharingClients = Set.copyOf(sharingClients);
        shares = List.copyOf(shares);
    }
}
