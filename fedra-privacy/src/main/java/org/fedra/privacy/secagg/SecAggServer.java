package org.fedra.privacy.secagg;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedra.privacy.shamir.ShamirSecretSharing;
import org.fedra.privacy.shamir.ShamirShare;

/**
 * The server's side of one secure-aggregation round, as a state machine (see {@link ServerState}).
 * Each {@code receive...} accepts one message in its collection state; each {@code close...}
 * ends a collection (the caller decides when, e.g. on a deadline) and produces the next broadcast.
 * Whenever fewer than t clients remain, the round moves to {@link ServerState#FAILED} and throws
 * {@link RoundFailedException}. A message in the wrong state throws {@link IllegalStateException};
 * an invalid message throws {@link SecureAggregationException} and is not recorded.
 *
 * <p>Dropouts: clients that shared keys but sent no masked input, and clients whose masked input
 * arrived but who the caller declares vanished before unmasking, are dropped: their inputs are
 * left out and their mask keys reconstructed to cancel the pairwise masks they left in the
 * others' inputs. For included clients only the self-mask seed is reconstructed; the server never
 * asks for both secrets of one client.
 */
public final class SecAggServer {

    private final RoundParameters parameters;
    private ServerState state = ServerState.COLLECTING_KEYS;

    private final Map<String, KeyAdvertisement> advertisements = new TreeMap<>();
    private KeyRoster roster;
    private final Map<String, ShareUpload> uploads = new TreeMap<>();
    private final Map<String, long[]> maskedInputs = new TreeMap<>();
    private Set<String> included;
    private Set<String> dropped;
    private final Map<String, UnmaskResponse> responses = new LinkedHashMap<>();

    /** @param parameters the round's parameters, the same the clients use */
    public SecAggServer(RoundParameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    /** The current state. */
    public ServerState state() {
        return state;
    }

    /** Accepts one client's keys. */
    public void receiveKeys(KeyAdvertisement advertisement) {
        expect(ServerState.COLLECTING_KEYS, "key advertisement");
        Objects.requireNonNull(advertisement, "advertisement");
        reject(advertisements.containsKey(advertisement.clientId()),
                "client " + advertisement.clientId() + " already advertised keys");
        reject(advertisements.size() >= parameters.codec().maxClients(),
                "round is full: the fixed-point range allows " + parameters.codec().maxClients() + " clients");
        advertisements.put(advertisement.clientId(), advertisement);
    }

    /** Ends key collection; the roster goes to every client in it. */
    public KeyRoster closeKeyCollection() {
        expect(ServerState.COLLECTING_KEYS, "close key collection");
        requireAtLeastThreshold(advertisements.size(), "advertised keys");
        roster = new KeyRoster(parameters.roundId(), List.copyOf(advertisements.values()));
        state = ServerState.COLLECTING_SHARES;
        return roster;
    }

    /** Accepts one client's encrypted shares, which must cover every other roster member once. */
    public void receiveShares(ShareUpload upload) {
        expect(ServerState.COLLECTING_SHARES, "share upload");
        Objects.requireNonNull(upload, "upload");
        String from = upload.from();
        reject(roster.find(from).isEmpty(), "share upload from " + from + ", who is not in the key roster");
        reject(uploads.containsKey(from), "client " + from + " already uploaded shares");
        Set<String> recipients = new HashSet<>();
        for (EncryptedShare share : upload.shares()) {
            reject(!share.from().equals(from), "upload of " + from + " carries a share claiming to be from " + share.from());
            reject(share.to().equals(from) || roster.find(share.to()).isEmpty(),
                    "upload of " + from + " addresses a share to " + share.to() + ", who is not another roster member");
            reject(!recipients.add(share.to()), "upload of " + from + " has two shares for " + share.to());
        }
        reject(recipients.size() != roster.clients().size() - 1, "upload of " + from + " has "
                + recipients.size() + " shares; every one of the " + (roster.clients().size() - 1)
                + " other clients needs one");
        uploads.put(from, upload);
    }

    /** Ends share collection; returns, per client of U2, the shares addressed to it. */
    public Map<String, ShareDelivery> closeShareCollection() {
        expect(ServerState.COLLECTING_SHARES, "close share collection");
        requireAtLeastThreshold(uploads.size(), "uploaded shares");
        Set<String> u2 = Set.copyOf(uploads.keySet());
        Map<String, List<EncryptedShare>> inbox = new TreeMap<>();
        for (String v : u2) {
            inbox.put(v, new ArrayList<>());
        }
        for (ShareUpload upload : uploads.values()) {
            for (EncryptedShare share : upload.shares()) {
                List<EncryptedShare> box = inbox.get(share.to());
                if (box != null) {
                    box.add(share);
                }
            }
        }
        Map<String, ShareDelivery> deliveries = new TreeMap<>();
        inbox.forEach((to, shares) -> deliveries.put(to, new ShareDelivery(to, u2, shares)));
        state = ServerState.COLLECTING_MASKED_INPUTS;
        return deliveries;
    }

    /** Accepts one client's masked input. */
    public void receiveMaskedInput(MaskedInput input) {
        expect(ServerState.COLLECTING_MASKED_INPUTS, "masked input");
        Objects.requireNonNull(input, "input");
        reject(!uploads.containsKey(input.from()), "masked input from " + input.from()
                + ", who did not share keys in this round");
        reject(maskedInputs.containsKey(input.from()), "client " + input.from() + " already sent its masked input");
        reject(input.maskedVector().length != parameters.vectorLength(), "masked input of " + input.from()
                + " has " + input.maskedVector().length + " words, expected " + parameters.vectorLength());
        maskedInputs.put(input.from(), input.maskedVector());
    }

    /**
     * Ends masked-input collection and decides whose inputs are summed.
     *
     * @param vanished clients whose masked input arrived but who are known to be gone and must not
     *                 be counted; their inputs are discarded and their mask keys reconstructed instead
     * @return the request to send to every included client
     */
    public UnmaskRequest closeMaskedInputCollection(Set<String> vanished) {
        expect(ServerState.COLLECTING_MASKED_INPUTS, "close masked-input collection");
        Objects.requireNonNull(vanished, "vanished");
        for (String v : vanished) {
            reject(!maskedInputs.containsKey(v), "cannot exclude " + v + ": no masked input arrived from it");
        }
        Set<String> in = new TreeSet<>(maskedInputs.keySet());
        in.removeAll(vanished);
        requireAtLeastThreshold(in.size(), "sent masked inputs that can be counted");
        Set<String> out = new TreeSet<>(uploads.keySet());
        out.removeAll(in);
        maskedInputs.keySet().removeAll(vanished);
        included = Set.copyOf(in);
        dropped = Set.copyOf(out);
        state = ServerState.COLLECTING_UNMASK_RESPONSES;
        return new UnmaskRequest(included, dropped);
    }

    /** Ends masked-input collection counting every input that arrived. */
    public UnmaskRequest closeMaskedInputCollection() {
        return closeMaskedInputCollection(Set.of());
    }

    /** Accepts one included client's shares. */
    public void receiveUnmaskResponse(UnmaskResponse response) {
        expect(ServerState.COLLECTING_UNMASK_RESPONSES, "unmask response");
        Objects.requireNonNull(response, "response");
        String from = response.from();
        reject(!included.contains(from), "unmask response from " + from + ", who is not an included client");
        reject(responses.containsKey(from), "client " + from + " already answered the unmask request");
        reject(!response.selfMaskShares().keySet().equals(included),
                "unmask response of " + from + " does not carry exactly the included clients' self-mask shares");
        reject(!response.maskKeyShares().keySet().equals(dropped),
                "unmask response of " + from + " does not carry exactly the dropped clients' mask-key shares");
        int index = roster.shareIndexOf(from);
        for (ShamirShare share : response.selfMaskShares().values()) {
            reject(share.index() != index, "unmask response of " + from + " carries a share with index "
                    + share.index() + " instead of its own " + index);
        }
        for (ShamirShare share : response.maskKeyShares().values()) {
            reject(share.index() != index, "unmask response of " + from + " carries a share with index "
                    + share.index() + " instead of its own " + index);
        }
        responses.put(from, response);
    }

    /**
     * Reconstructs the self-mask seeds of the included clients and the mask keys of the dropped
     * ones, removes every mask and returns the sum of the included clients' inputs.
     *
     * @throws RoundFailedException       if fewer than t included clients answered
     * @throws SecureAggregationException if the shares are inconsistent (a tampered share)
     */
    public AggregationResult finish() {
        expect(ServerState.COLLECTING_UNMASK_RESPONSES, "finish");
        requireAtLeastThreshold(responses.size(), "answered the unmask request");
        ShamirSecretSharing sharing = new ShamirSecretSharing(parameters.threshold(), roster.clients().size());
        long[] sum = new long[parameters.vectorLength()];
        for (String u : new TreeSet<>(included)) {
            long[] y = maskedInputs.get(u);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += y[i];
            }
            byte[] seed = reconstruct(sharing, u, "self-mask seed", r -> r.selfMaskShares().get(u));
            if (!Arrays.equals(SelfMaskCommitment.of(parameters.roundId(), u, seed),
                    roster.find(u).orElseThrow().selfMaskCommitment())) {
                state = ServerState.FAILED;
                throw new SecureAggregationException("reconstructed self-mask seed of " + u
                        + " does not match its commitment: a share was tampered with");
            }
            MaskGenerator.addMask(sum, seed, true);
        }
        for (String d : new TreeSet<>(dropped)) {
            byte[] scalar = reconstruct(sharing, d, "mask key", r -> r.maskKeyShares().get(d));
            PrivateKey maskKey = X25519.decodePrivate(scalar);
            KeyAdvertisement advertised = roster.find(d).orElseThrow();
            if (!Arrays.equals(X25519.publicOf(maskKey), advertised.maskPublicKey())) {
                state = ServerState.FAILED;
                throw new SecureAggregationException("reconstructed mask key of " + d
                        + " does not match its advertised public key: a share was tampered with");
            }
            for (String u : new TreeSet<>(included)) {
                PublicKey theirs = X25519.decodePublic(roster.find(u).orElseThrow().maskPublicKey());
                byte[] pairSeed = PairwiseMasks.seed(maskKey, theirs, parameters.roundId(), d, u);
                PairwiseMasks.apply(sum, pairSeed, u, d, true);
            }
        }
        state = ServerState.FINISHED;
        return new AggregationResult(parameters.codec().decodeSum(sum, included.size()), sum, included);
    }

    private byte[] reconstruct(ShamirSecretSharing sharing, String owner, String what,
                               java.util.function.Function<UnmaskResponse, ShamirShare> pick) {
        List<ShamirShare> shares = new ArrayList<>();
        for (UnmaskResponse r : responses.values()) {
            shares.add(pick.apply(r));
        }
        try {
            return sharing.reconstruct(shares);
        } catch (IllegalArgumentException e) {
            state = ServerState.FAILED;
            throw new SecureAggregationException("cannot reconstruct the " + what + " of " + owner + ": " + e.getMessage(), e);
        }
    }

    private void requireAtLeastThreshold(int count, String what) {
        if (count < parameters.threshold()) {
            state = ServerState.FAILED;
            throw new RoundFailedException("round " + parameters.roundId() + " failed: only " + count
                    + " clients " + what + ", the threshold is " + parameters.threshold());
        }
    }

    private void expect(ServerState expected, String what) {
        if (state != expected) {
            throw new IllegalStateException("server cannot accept " + what + " in state " + state
                    + " (expected " + expected + ")");
        }
    }

    private static void reject(boolean bad, String message) {
        if (bad) {
            throw new SecureAggregationException(message);
        }
    }
}
