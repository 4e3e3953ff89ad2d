package org.fedra.bench.secagg;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.fedra.privacy.secagg.EncryptedShare;
import org.fedra.privacy.secagg.KeyAdvertisement;
import org.fedra.privacy.secagg.KeyRoster;
import org.fedra.privacy.secagg.MaskedInput;
import org.fedra.privacy.secagg.ShareDelivery;
import org.fedra.privacy.secagg.ShareUpload;
import org.fedra.privacy.secagg.UnmaskRequest;
import org.fedra.privacy.secagg.UnmaskResponse;
import org.fedra.privacy.shamir.ShamirShare;

/**
 * Payload bytes of the secure-aggregation messages in a plain binary encoding: strings as a 2-byte
 * length and UTF-8, byte arrays and collections with a 4-byte length, words as 8 bytes, a share as
 * a 4-byte index and its 66-byte value. Transport framing (gRPC, TLS) is not counted.
 */
final class WireSize {

    private WireSize() {
    }

    static long of(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    static long of(byte[] b) {
        return 4 + b.length;
    }

    static long of(ShamirShare s) {
        return 4 + ShamirShare.VALUE_BYTES;
    }

    static long of(KeyAdvertisement k) {
        return of(k.clientId()) + of(k.encryptionPublicKey()) + of(k.maskPublicKey()) + of(k.selfMaskCommitment());
    }

    static long of(KeyRoster r) {
        return of(r.roundId()) + 4 + r.clients().stream().mapToLong(WireSize::of).sum();
    }

    static long of(EncryptedShare s) {
        return of(s.from()) + of(s.to()) + of(s.nonce()) + of(s.ciphertext());
    }

    static long of(ShareUpload u) {
        return of(u.from()) + 4 + u.shares().stream().mapToLong(WireSize::of).sum();
    }

    static long of(ShareDelivery d) {
        return of(d.to()) + ids(d.sharingClients()) + 4 + d.shares().stream().mapToLong(WireSize::of).sum();
    }

    static long of(MaskedInput y) {
        return of(y.from()) + 4 + 8L * y.maskedVector().length;
    }

    static long of(UnmaskRequest r) {
        return ids(r.included()) + ids(r.dropped());
    }

    static long of(UnmaskResponse r) {
        return of(r.from()) + shares(r.selfMaskShares()) + shares(r.maskKeyShares());
    }

    private static long ids(Collection<String> ids) {
        return 4 + ids.stream().mapToLong(WireSize::of).sum();
    }

    private static long shares(Map<String, ShamirShare> shares) {
        return 4 + shares.entrySet().stream().mapToLong(e -> of(e.getKey()) + of(e.getValue())).sum();
    }
}
