package org.fedra.node.rights;

import java.time.Instant;
import java.util.List;

/**
 * What an erasure did, for the patient. The node keeps the same facts without any patient identifier.
 *
 * @param studies the studies whose tasks had read the patient's data (their released results or models may
 *                still reflect it)
 */
public record ErasureReceipt(String erasureId, Instant erasedAt, int resourcesRemoved, int objectsRemoved, List<String> studies) {
    public ErasureReceipt {
        studies = List.copyOf(studies);
    }
}
