package org.fedra.privacy.secagg;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedra.privacy.shamir.ShamirSecretSharing;
import org.fedra.privacy.shamir.ShamirShare;

/**
 * One client's side of one secure-aggregation round, as a state machine (see {@link ClientState}).
 * Each method is one protocol step and may be called only in the state it expects; anything else
 * throws {@link IllegalStateException}. An invalid message moves the client to
 * {@link ClientState#ABORTED} and throws {@link SecureAggregationException}.
 *
 * <p>Not thread-safe; one instance per client per round.
 */
public final class SecAggClient {

    private final String id;
    private final RoundParameters parameters;
    private final SecureRandom random;
    private final KeyPair encryptionKeys;
    private final KeyPair maskKeys;
    private ClientState state = ClientState.NEW;

    private KeyRoster roster;
    private int myIndex;
    private final byte[] selfMaskSeed;
    private final Map<String, ShamirShare> heldSelfMaskShares = new HashMap<>();
    private final Map<String, ShamirShare> heldMaskKeyShares = new HashMap<>();
    private Set<String> sharingClients;

    /**
     * Creates the client and its two fresh X25519 key pairs.
     *
     * @param id         this client's node id
     * @param parameters the round's parameters
     * @param random     the only source of randomness
     */
    public SecAggClient(String id, RoundParameters parameters, SecureRandom random) {
        this.id = Objects.requireNonNull(id, "id");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
        if (id.isBlank()) {
            throw new IllegalArgumentException("client id must not be blank");
        }
        this.encryptionKeys = X25519.generate(random);
        this.maskKeys = X25519.generate(random);
        this.selfMaskSeed = new byte[32];
        random.nextBytes(selfMaskSeed);
    }

    /** This client's id. */
    public String id() {
        return id;
    }

    /** The current state. */
    public ClientState state() {
        return state;
    }

    /** Step 0: the public keys to send to the server. */
    public KeyAdvertisement advertiseKeys() {
        expect(ClientState.NEW, "advertise keys");
        state = ClientState.KEYS_ADVERTISED;
        return ownAdvertisement();
    }

    /**
     * Step 1: splits the self-mask seed and the mask private key t-of-n among the roster,
     * and encrypts each other client's pair of shares to it.
     *
     * @throws SecureAggregationException if the roster misstates this client's keys, is for another
     *                                    round, or has fewer than t clients
     */
    public ShareUpload shareKeys(KeyRoster roster) {
        expect(ClientState.KEYS_ADVERTISED, "share keys");
        Objects.requireNonNull(roster, "roster");
        check(roster.roundId().equals(parameters.roundId()),
                "key roster is for round " + roster.roundId() + ", not " + parameters.roundId());
        check(roster.find(id).map(k -> k.sameKeys(ownAdvertisement())).orElse(false),
                "key roster does not carry this client's own keys unchanged");
        check(roster.clients().size() >= parameters.threshold(), "key roster has " + roster.clients().size()
                + " clients, fewer than the threshold " + parameters.threshold());
        check(roster.clients().size() <= parameters.codec().maxClients(), "key roster has "
                + roster.clients().size() + " clients, more than the fixed-point range allows");
        this.roster = roster;
        this.myIndex = roster.shareIndexOf(id);

        int n = roster.clients().size();
        ShamirSecretSharing sharing = new ShamirSecretSharing(parameters.threshold(), n);
        List<ShamirShare> bShares = sharing.split(selfMaskSeed, random);
        List<ShamirShare> sShares = sharing.split(X25519.encodePrivate(maskKeys.getPrivate()), random);

        List<EncryptedShare> out = new ArrayList<>(n - 1);
        for (int i = 0; i < n; i++) {
            KeyAdvertisement other = roster.clients().get(i);
            if (other.clientId().equals(id)) {
                heldSelfMaskShares.put(id, bShares.get(i));
                heldMaskKeyShares.put(id, sShares.get(i));
                continue;
            }
            byte[] key = PairwiseMasks.key(encryptionKeys.getPrivate(), X25519.decodePublic(other.encryptionPublicKey()),
                    parameters.roundId(), PairwiseMasks.PURPOSE_SHARE_KEY, id, other.clientId());
            out.add(ShareCipher.encrypt(key, parameters.roundId(), id, other.clientId(), bShares.get(i), sShares.get(i), random));
        }
        state = ClientState.SHARES_SENT;
        return new ShareUpload(id, out);
    }

    /**
     * Step 2: decrypts and keeps the shares addressed to this client, then returns the masked input
     * y = x + PRG(b) + sum over v in U2 with v &gt; u of PRG(s_uv) - sum over v &lt; u of PRG(s_uv).
     *
     * @throws SecureAggregationException if a share is tampered, misrouted, missing or extra, or U2 is invalid
     * @throws IllegalArgumentException  if the input has the wrong length or a value out of range
     */
    public MaskedInput maskInput(ShareDelivery delivery, double[] input) {
        expect(ClientState.SHARES_SENT, "mask input");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(input, "input");
        if (input.length != parameters.vectorLength()) {
            throw new IllegalArgumentException("input has " + input.length + " values, the round expects "
                    + parameters.vectorLength());
        }
        long[] y = parameters.codec().encode(input);
        check(delivery.to().equals(id), "share delivery is addressed to " + delivery.to() + ", not " + id);
        Set<String> u2 = delivery.sharingClients();
        check(u2.contains(id), "share delivery's client set does not contain this client");
        for (String v : u2) {
            check(roster.find(v).isPresent(), "share delivery names " + v + ", who is not in the key roster");
        }
        check(u2.size() >= parameters.threshold(), "only " + u2.size()
                + " clients shared their keys, fewer than the threshold " + parameters.threshold());
        Map<String, EncryptedShare> bySender = new HashMap<>();
        for (EncryptedShare share : delivery.shares()) {
            check(share.to().equals(id), "delivered share from " + share.from() + " is addressed to " + share.to());
            check(u2.contains(share.from()) && !share.from().equals(id),
                    "delivered share from " + share.from() + ", who is not another sharing client");
            check(bySender.put(share.from(), share) == null, "two shares delivered from " + share.from());
        }
        check(bySender.size() == u2.size() - 1, "share delivery holds " + bySender.size()
                + " shares but " + (u2.size() - 1) + " other clients shared");
        for (EncryptedShare share : bySender.values()) {
            KeyAdvertisement sender = roster.find(share.from()).orElseThrow();
            byte[] key = PairwiseMasks.key(encryptionKeys.getPrivate(), X25519.decodePublic(sender.encryptionPublicKey()),
                    parameters.roundId(), PairwiseMasks.PURPOSE_SHARE_KEY, id, share.from());
            ShareCipher.SharePair pair;
            try {
                pair = ShareCipher.decrypt(key, parameters.roundId(), share);
            } catch (SecureAggregationException e) {
                state = ClientState.ABORTED;
                throw e;
            }
            check(pair.selfMaskShare().index() == myIndex, "share from " + share.from() + " has index "
                    + pair.selfMaskShare().index() + ", this client's index is " + myIndex);
            heldSelfMaskShares.put(share.from(), pair.selfMaskShare());
            heldMaskKeyShares.put(share.from(), pair.maskKeyShare());
        }
        sharingClients = Set.copyOf(u2);

        MaskGenerator.addMask(y, selfMaskSeed, false);
        for (String v : sharingClients) {
            if (v.equals(id)) {
                continue;
            }
            PublicKey theirs = X25519.decodePublic(roster.find(v).orElseThrow().maskPublicKey());
            byte[] seed = PairwiseMasks.seed(maskKeys.getPrivate(), theirs, parameters.roundId(), id, v);
            PairwiseMasks.apply(y, seed, id, v, false);
        }
        state = ClientState.INPUT_MASKED;
        return new MaskedInput(id, y);
    }

    /**
     * Step 3: reveals shares of the self-mask seeds of the included clients and of the mask keys
     * of the dropped clients. Refuses a request that would reveal both secrets of any client, that
     * does not partition U2, that excludes this client, or that includes fewer than t clients.
     */
    public UnmaskResponse unmask(UnmaskRequest request) {
        expect(ClientState.INPUT_MASKED, "unmask");
        Objects.requireNonNull(request, "request");
        check(request.overlap().isEmpty(), "unmask request asks for both the self-mask and the mask key of "
                + request.overlap() + "; answering would reveal their input");
        Set<String> union = new java.util.HashSet<>(request.included());
        union.addAll(request.dropped());
        check(union.equals(sharingClients), "unmask request does not partition the clients that shared keys");
        check(request.included().contains(id), "unmask request does not include this client's own input");
        check(request.included().size() >= parameters.threshold(), "unmask request includes only "
                + request.included().size() + " clients, fewer than the threshold " + parameters.threshold());
        Map<String, ShamirShare> b = new HashMap<>();
        for (String u : request.included()) {
            b.put(u, heldSelfMaskShares.get(u));
        }
        Map<String, ShamirShare> s = new HashMap<>();
        for (String d : request.dropped()) {
            s.put(d, heldMaskKeyShares.get(d));
        }
        state = ClientState.FINISHED;
        return new UnmaskResponse(id, b, s);
    }

    private KeyAdvertisement ownAdvertisement() {
        return new KeyAdvertisement(id, X25519.encodePublic(encryptionKeys.getPublic()),
                X25519.encodePublic(maskKeys.getPublic()), SelfMaskCommitment.of(parameters.roundId(), id, selfMaskSeed));
    }

    private void expect(ClientState expected, String step) {
        if (state != expected) {
            throw new IllegalStateException("client " + id + " cannot " + step + " in state " + state
                    + " (expected " + expected + ")");
        }
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            state = ClientState.ABORTED;
            throw new SecureAggregationException("client " + id + ": " + message);
        }
    }
}
