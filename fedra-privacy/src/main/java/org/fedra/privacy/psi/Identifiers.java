package org.fedra.privacy.psi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Validation of a party's identifier list. */
final class Identifiers {
    private Identifiers() {
    }

    /** A copy of the list; rejects null and duplicate entries (a duplicate would distort the count). */
    static List<String> checked(List<String> identifiers, String party) {
        Objects.requireNonNull(identifiers, party + " identifiers");
        Map<String, Integer> seen = new HashMap<>(identifiers.size() * 2);
        List<String> copy = new ArrayList<>(identifiers.size());
        for (int i = 0; i < identifiers.size(); i++) {
            String id = identifiers.get(i);
            if (id == null) {
                throw new IllegalArgumentException(party + " identifier " + i + " is null");
            }
            Integer first = seen.putIfAbsent(id, i);
            if (first != null) {
                throw new IllegalArgumentException(party + " identifier " + i + " duplicates identifier " + first);
            }
            copy.add(id);
        }
        return copy;
    }
}
