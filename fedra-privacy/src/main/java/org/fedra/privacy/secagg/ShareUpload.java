package org.fedra.privacy.secagg;

import java.util.List;
import java.util.Objects;

/**
 * Round 1, client to server: the sender's encrypted shares, one for every other client of the roster.
 *
 * @param from   the sender
 * @param shares one encrypted share per other roster member
 */
public record ShareUpload(String from, List<EncryptedShare> shares) {

    /** Copies the list. */
    public ShareUpload {
        Objects.requireNonNull(from, "from");
        shares = List.copyOf(shares);
    }
}
