package org.fedra.privacy.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.privacy.shamir.ShamirSecretSharing;
import org.fedra.privacy.shamir.ShamirShare;
import org.junit.jupiter.api.Test;

/** Tampered, misrouted, duplicated and out-of-order messages are rejected. */
class SecureAggregationAdversaryTest {

    private static RoundDriver sharedRound(long seed) {
        RoundDriver round = new RoundDriver(
                new RoundParameters("round-a", 3, 20, FixedPointCodec.forClients(10)), 5, RoundDriver.seeded(seed));
        round.advertise();
        round.share();
        return round;
    }

    private static ShareDelivery replaceFirstShare(ShareDelivery d, EncryptedShare replacement) {
        List<EncryptedShare> shares = new ArrayList<>(d.shares());
        shares.set(0, replacement);
        return new ShareDelivery(d.to(), d.sharingClients(), shares);
    }

    @Test
    void aTamperedEncryptedShareIsRejectedAndTheClientAborts() {
        RoundDriver round = sharedRound(31);
        ShareDelivery d = round.deliveries.get("node-01");
        EncryptedShare original = d.shares().get(0);
        byte[] ct = original.ciphertext();
        ct[10] ^= 1;
        ShareDelivery tampered = replaceFirstShare(d, new EncryptedShare(original.from(), original.to(), original.nonce(), ct));
        SecAggClient client = round.clients.get("node-01");
        assertThatThrownBy(() -> client.maskInput(tampered, round.inputs.get("node-01")))
                .isInstanceOf(SecureAggregationException.class)
                .hasMessageContaining("share from " + original.from() + " to node-01 failed authentication");
        assertThat(client.state()).isEqualTo(ClientState.ABORTED);
        assertThatThrownBy(() -> client.maskInput(d, round.inputs.get("node-01"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aShareRedirectedToAnotherRecipientFailsAuthentication() {
        RoundDriver round = sharedRound(32);
        EncryptedShare forTwo = round.deliveries.get("node-02").shares().stream()
                .filter(s -> s.from().equals("node-00")).findFirst().orElseThrow();
        ShareDelivery d = round.deliveries.get("node-01");
        List<EncryptedShare> shares = new ArrayList<>();
        for (EncryptedShare s : d.shares()) {
            shares.add(s.from().equals("node-00")
                    ? new EncryptedShare("node-00", "node-01", forTwo.nonce(), forTwo.ciphertext()) : s);
        }
        assertThatThrownBy(() -> round.clients.get("node-01").maskInput(
                new ShareDelivery("node-01", d.sharingClients(), shares), round.inputs.get("node-01")))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void aMissingOrDuplicatedDeliveredShareIsRejected() {
        RoundDriver round = sharedRound(33);
        ShareDelivery d = round.deliveries.get("node-03");
        assertThatThrownBy(() -> round.clients.get("node-03").maskInput(
                new ShareDelivery("node-03", d.sharingClients(), d.shares().subList(1, d.shares().size())),
                round.inputs.get("node-03")))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("holds 3 shares but 4 other clients shared");
        RoundDriver again = sharedRound(34);
        ShareDelivery d2 = again.deliveries.get("node-03");
        List<EncryptedShare> doubled = new ArrayList<>(d2.shares());
        doubled.set(1, doubled.get(0));
        assertThatThrownBy(() -> again.clients.get("node-03").maskInput(
                new ShareDelivery("node-03", d2.sharingClients(), doubled), again.inputs.get("node-03")))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("two shares delivered from");
    }

    @Test
    void aRosterThatMisstatesTheClientsOwnKeysIsRefused() {
        RoundParameters p = new RoundParameters("round-a", 2, 4, FixedPointCodec.forClients(10));
        SecAggClient a = new SecAggClient("a", p, RoundDriver.seeded(35));
        SecAggClient b = new SecAggClient("b", p, RoundDriver.seeded(36));
        SecAggClient impostor = new SecAggClient("a", p, RoundDriver.seeded(37));
        a.advertiseKeys();
        KeyAdvertisement bKeys = b.advertiseKeys();
        KeyRoster forged = new KeyRoster("round-a", List.of(impostor.advertiseKeys(), bKeys));
        assertThatThrownBy(() -> a.shareKeys(forged))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("does not carry this client's own keys");
        KeyRoster otherRound = new KeyRoster("round-b", List.of(bKeys));
        SecAggClient c = new SecAggClient("c", p, RoundDriver.seeded(38));
        c.advertiseKeys();
        assertThatThrownBy(() -> c.shareKeys(otherRound))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("is for round round-b");
    }

    @Test
    void outOfOrderStepsThrowOnClientAndServer() {
        RoundParameters p = new RoundParameters("round-a", 2, 4, FixedPointCodec.forClients(10));
        SecAggClient client = new SecAggClient("a", p, RoundDriver.seeded(39));
        assertThatThrownBy(() -> client.maskInput(new ShareDelivery("a", Set.of("a"), List.of()), new double[4]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot mask input in state NEW");
        assertThatThrownBy(() -> client.unmask(new UnmaskRequest(Set.of("a"), Set.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot unmask in state NEW");
        KeyAdvertisement keys = client.advertiseKeys();
        assertThatThrownBy(client::advertiseKeys).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in state KEYS_ADVERTISED");

        SecAggServer server = new SecAggServer(p);
        assertThatThrownBy(() -> server.receiveMaskedInput(new MaskedInput("a", new long[4])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in state COLLECTING_KEYS");
        assertThatThrownBy(server::closeShareCollection).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(server::finish).isInstanceOf(IllegalStateException.class);
        server.receiveKeys(keys);
        assertThatThrownBy(() -> server.receiveKeys(keys))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("already advertised keys");
    }

    @Test
    void duplicateUnknownAndMisshapenMaskedInputsAreRejected() {
        RoundDriver round = sharedRound(40);
        MaskedInput y = round.clients.get("node-00").maskInput(round.deliveries.get("node-00"), round.inputs.get("node-00"));
        round.server.receiveMaskedInput(y);
        assertThatThrownBy(() -> round.server.receiveMaskedInput(y))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("already sent its masked input");
        assertThatThrownBy(() -> round.server.receiveMaskedInput(new MaskedInput("stranger", new long[20])))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("did not share keys");
        assertThatThrownBy(() -> round.server.receiveMaskedInput(new MaskedInput("node-01", new long[19])))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("has 19 words, expected 20");
        assertThatThrownBy(() -> round.clients.get("node-02").maskInput(round.deliveries.get("node-02"), new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input has 3 values, the round expects 20");
        assertThat(round.clients.get("node-02").state()).isEqualTo(ClientState.SHARES_SENT);
    }

    @Test
    void anIncompleteShareUploadIsRejected() {
        RoundDriver round = new RoundDriver(
                new RoundParameters("round-a", 3, 5, FixedPointCodec.forClients(10)), 4, RoundDriver.seeded(41));
        round.advertise();
        ShareUpload upload = round.clients.get("node-00").shareKeys(round.roster);
        assertThatThrownBy(() -> round.server.receiveShares(new ShareUpload("node-00", upload.shares().subList(0, 2))))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("has 2 shares; every one of the 3 other clients needs one");
        assertThatThrownBy(() -> round.server.receiveShares(new ShareUpload("node-01", upload.shares())))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("claiming to be from node-00");
    }

    @Test
    void aClientRefusesAnUnmaskRequestThatWouldRevealBothSecretsOfAClient() {
        RoundDriver round = sharedRound(42);
        round.mask();
        SecAggClient client = round.clients.get("node-00");
        Set<String> all = round.clients.keySet();
        assertThatThrownBy(() -> client.unmask(new UnmaskRequest(all, Set.of("node-04"))))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("both the self-mask and the mask key of [node-04]");
        assertThat(client.state()).isEqualTo(ClientState.ABORTED);

        SecAggClient other = round.clients.get("node-01");
        assertThatThrownBy(() -> other.unmask(new UnmaskRequest(Set.of("node-00", "node-02", "node-03"), Set.of("node-01", "node-04"))))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("does not include this client's own input");
        SecAggClient third = round.clients.get("node-02");
        assertThatThrownBy(() -> third.unmask(new UnmaskRequest(Set.of("node-00", "node-02", "node-03"), Set.of("node-04"))))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("does not partition");
    }

    @Test
    void aTamperedUnmaskShareIsDetectedByTheServer() {
        RoundDriver round = sharedRound(43);
        round.skipMaskedInput = Set.of("node-04");
        round.mask();
        UnmaskRequest request = round.unmaskRequest;
        List<String> responders = List.of("node-00", "node-01", "node-02", "node-03");
        for (String id : responders) {
            UnmaskResponse r = round.clients.get(id).unmask(request);
            if (id.equals("node-02")) {
                Map<String, ShamirShare> b = new HashMap<>(r.selfMaskShares());
                ShamirShare s = b.get("node-00");
                b.put("node-00", new ShamirShare(s.index(), s.value().add(BigInteger.ONE).mod(ShamirSecretSharing.PRIME)));
                r = new UnmaskResponse(id, b, r.maskKeyShares());
            }
            round.server.receiveUnmaskResponse(r);
        }
        assertThatThrownBy(round.server::finish)
                .isInstanceOf(SecureAggregationException.class)
                .hasMessageContaining("cannot reconstruct the self-mask seed of node-00").hasMessageContaining("inconsistent");
        assertThat(round.server.state()).isEqualTo(ServerState.FAILED);
    }

    @Test
    void aTamperedMaskKeyShareAmongExactlyThresholdAnswersIsCaughtByThePublicKeyCheck() {
        RoundDriver round = sharedRound(44);
        round.skipMaskedInput = Set.of("node-04");
        round.mask();
        for (String id : List.of("node-00", "node-01", "node-02")) {
            UnmaskResponse r = round.clients.get(id).unmask(round.unmaskRequest);
            if (id.equals("node-01")) {
                ShamirShare s = r.maskKeyShares().get("node-04");
                r = new UnmaskResponse(id, r.selfMaskShares(),
                        Map.of("node-04", new ShamirShare(s.index(), s.value().add(BigInteger.TWO).mod(ShamirSecretSharing.PRIME))));
            }
            round.server.receiveUnmaskResponse(r);
        }
        assertThatThrownBy(round.server::finish)
                .isInstanceOf(SecureAggregationException.class)
                .hasMessageContaining("reconstructed mask key of node-04 does not match its advertised public key");
    }

    @Test
    void consistentSharesOfAWrongMaskKeyAreCaughtByThePublicKeyCheck() {
        RoundDriver round = sharedRound(46);
        round.skipMaskedInput = Set.of("node-04");
        round.mask();
        byte[] otherKey = new byte[32];
        RoundDriver.seeded(47).nextBytes(otherKey);
        List<ShamirShare> forged = new ShamirSecretSharing(3, 5).split(otherKey, RoundDriver.seeded(48));
        for (String id : List.of("node-00", "node-01", "node-02")) {
            UnmaskResponse r = round.clients.get(id).unmask(round.unmaskRequest);
            int index = round.roster.shareIndexOf(id);
            round.server.receiveUnmaskResponse(new UnmaskResponse(id, r.selfMaskShares(), Map.of("node-04", forged.get(index - 1))));
        }
        assertThatThrownBy(round.server::finish)
                .isInstanceOf(SecureAggregationException.class)
                .hasMessageContaining("reconstructed mask key of node-04 does not match its advertised public key");
    }

    @Test
    void aTamperedSelfMaskShareAmongExactlyThresholdAnswersIsCaughtByTheCommitment() {
        RoundDriver round = sharedRound(49);
        round.mask();
        for (String id : List.of("node-00", "node-01", "node-02")) {
            UnmaskResponse r = round.clients.get(id).unmask(round.unmaskRequest);
            if (id.equals("node-02")) {
                Map<String, ShamirShare> b = new HashMap<>(r.selfMaskShares());
                ShamirShare s = b.get("node-03");
                b.put("node-03", new ShamirShare(s.index(), s.value().add(BigInteger.ONE).mod(ShamirSecretSharing.PRIME)));
                r = new UnmaskResponse(id, b, r.maskKeyShares());
            }
            round.server.receiveUnmaskResponse(r);
        }
        assertThatThrownBy(round.server::finish)
                .isInstanceOf(SecureAggregationException.class)
                .hasMessageContaining("self-mask seed of node-03");
    }

    @Test
    void anUnmaskResponseWithForeignIndexesOrFromAStrangerIsRejected() {
        RoundDriver round = sharedRound(45);
        round.mask();
        UnmaskResponse honest = round.clients.get("node-00").unmask(round.unmaskRequest);
        assertThatThrownBy(() -> round.server.receiveUnmaskResponse(
                new UnmaskResponse("node-01", honest.selfMaskShares(), honest.maskKeyShares())))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("index 1 instead of its own 2");
        assertThatThrownBy(() -> round.server.receiveUnmaskResponse(
                new UnmaskResponse("stranger", honest.selfMaskShares(), honest.maskKeyShares())))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("not an included client");
        round.server.receiveUnmaskResponse(honest);
        assertThatThrownBy(() -> round.server.receiveUnmaskResponse(honest))
                .isInstanceOf(SecureAggregationException.class).hasMessageContaining("already answered");
        assertThatThrownBy(() -> round.clients.get("node-00").unmask(round.unmaskRequest))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("state FINISHED");
    }
}
