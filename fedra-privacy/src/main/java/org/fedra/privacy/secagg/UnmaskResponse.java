package org.fedra.privacy.secagg;

import java.util.Map;
import java.util.Objects;
import org.fedra.privacy.shamir.ShamirShare;

/**
 * Round 3, client to server: the responder's shares of the self-mask seeds of the included
 * clients and of the mask private keys of the dropped clients.
 *
 * @param from           the responder
 * @param selfMaskShares client id to share of its self-mask seed b_u, for every included client
 * @param maskKeyShares  client id to share of its mask private key s_u, for every dropped client
 */
public record UnmaskResponse(String from, Map<String, ShamirShare> selfMaskShares, Map<String, ShamirShare> maskKeyShares) {

    /** Copies the maps. */
    public UnmaskResponse {
        Objects.requireNonNull(from, "from");
        selfMaskShares = Map.copyOf(selfMaskShares);
        maskKeyShares = Map.copyOf(maskKeyShares);
    }
}
