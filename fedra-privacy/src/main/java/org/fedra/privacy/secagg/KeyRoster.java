package org.fedra.privacy.secagg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Round 0, server to all clients: the advertised keys of every client in the round (U1), sorted by
 * client id. A client's position in this list plus one is the index of the Shamir shares it holds.
 *
 * @param roundId the round
 * @param clients the advertisements, sorted by client id, ids unique
 */
public record KeyRoster(String roundId, List<KeyAdvertisement> clients) {

    /** @throws IllegalArgumentException on duplicate client ids */
    public KeyRoster {
        Objects.requireNonNull(roundId, "roundId");
        List<KeyAdvertisement> sorted = new ArrayList<>(clients);
        sorted.sort(Comparator.comparing(KeyAdvertisement::clientId));
        Set<String> ids = new HashSet<>();
        for (KeyAdvertisement k : sorted) {
            if (!ids.add(k.clientId())) {
                throw new IllegalArgumentException("client " + k.clientId() + " appears twice in the key roster");
            }
        }
        clients = List.copyOf(sorted);
    }

    /** The 1-based Shamir share index of a client, or -1 if it is not in the roster. */
    public int shareIndexOf(String clientId) {
        for (int i = 0; i < clients.size(); i++) {
            if (clients.get(i).clientId().equals(clientId)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** The advertisement of a client, if present. */
    public Optional<KeyAdvertisement> find(String clientId) {
        return clients.stream().filter(k -> k.clientId().equals(clientId)).findFirst();
    }
}
