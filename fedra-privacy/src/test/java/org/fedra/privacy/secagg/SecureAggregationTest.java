package org.fedra.privacy.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SecureAggregationTest {

    private static RoundParameters parameters(int threshold, int length) {
        return new RoundParameters("round-7", threshold, length, FixedPointCodec.forClients(10));
    }

    @Test
    void tenClientsSumEqualsThePlainSumWithinFixedPointResolution() {
        RoundDriver round = new RoundDriver(parameters(6, 1000), 10, RoundDriver.seeded(1));
        AggregationResult result = round.run();

        Set<String> all = round.clients.keySet();
        assertThat(result.includedClients()).isEqualTo(all);
        assertThat(result.encodedSum()).isEqualTo(round.encodedSumOf(all));
        double[] plain = round.plainSumOf(all);
        double tolerance = 10 * FixedPointCodec.RESOLUTION / 2 + 1e-9;
        for (int i = 0; i < plain.length; i++) {
            assertThat(Math.abs(result.sum()[i] - plain[i])).as("index %d", i).isLessThanOrEqualTo(tolerance);
        }
        assertThat(round.server.state()).isEqualTo(ServerState.FINISHED);
        round.clients.values().forEach(c -> assertThat(c.state()).isEqualTo(ClientState.FINISHED));
    }

    @Test
    void threeClientsVanishingAfterMaskingLeaveTheExactSumOfTheOtherSeven() {
        RoundDriver round = new RoundDriver(parameters(6, 1000), 10, RoundDriver.seeded(2));
        Set<String> gone = Set.of("node-01", "node-04", "node-09");
        round.vanishAfterMasking = gone;
        round.skipUnmask = gone;
        AggregationResult result = round.run();

        Set<String> seven = round.idsExcept(gone);
        assertThat(round.unmaskRequest.dropped()).isEqualTo(gone);
        assertThat(round.unmaskRequest.included()).isEqualTo(seven);
        assertThat(result.includedClients()).isEqualTo(seven);
        assertThat(result.encodedSum()).isEqualTo(round.encodedSumOf(seven));
        assertThat(result.encodedSum()).isNotEqualTo(round.encodedSumOf(round.clients.keySet()));
    }

    @Test
    void clientsDroppingBeforeSendingTheirMaskedInputAreLeftOut() {
        RoundDriver round = new RoundDriver(parameters(6, 500), 10, RoundDriver.seeded(3));
        Set<String> gone = Set.of("node-00", "node-05", "node-07");
        round.skipMaskedInput = gone;
        AggregationResult result = round.run();

        Set<String> seven = round.idsExcept(gone);
        assertThat(round.unmaskRequest.dropped()).isEqualTo(gone);
        assertThat(result.encodedSum()).isEqualTo(round.encodedSumOf(seven));
    }

    @Test
    void clientsDroppingBeforeSharingAreNeverMaskedWith() {
        RoundDriver round = new RoundDriver(parameters(6, 500), 10, RoundDriver.seeded(4));
        round.skipShares = Set.of("node-03");
        round.skipMaskedInput = Set.of("node-06");
        AggregationResult result = round.run();

        assertThat(round.deliveries).doesNotContainKey("node-03");
        assertThat(round.unmaskRequest.dropped()).isEqualTo(Set.of("node-06"));
        assertThat(result.encodedSum()).isEqualTo(round.encodedSumOf(round.idsExcept(Set.of("node-03", "node-06"))));
    }

    @Test
    void anIncludedClientSilentInUnmaskingIsStillCountedFromTheOthersShares() {
        RoundDriver round = new RoundDriver(parameters(6, 300), 10, RoundDriver.seeded(5));
        round.skipUnmask = Set.of("node-02", "node-08");
        AggregationResult result = round.run();

        assertThat(result.encodedSum()).isEqualTo(round.encodedSumOf(round.clients.keySet()));
    }

    @Test
    void fewerThanThresholdSurvivorsFailTheRoundCleanly() {
        RoundDriver round = new RoundDriver(parameters(6, 100), 10, RoundDriver.seeded(6));
        round.vanishAfterMasking = Set.of("node-00", "node-01", "node-02", "node-03", "node-04");
        round.advertise();
        round.share();
        assertThatThrownBy(round::mask)
                .isInstanceOf(RoundFailedException.class)
                .hasMessageContaining("only 5 clients sent masked inputs that can be counted, the threshold is 6");
        assertThat(round.server.state()).isEqualTo(ServerState.FAILED);
        assertThatThrownBy(() -> round.server.receiveUnmaskResponse(new UnmaskResponse("node-09", java.util.Map.of(), java.util.Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("state FAILED");
    }

    @Test
    void fewerThanThresholdUnmaskAnswersFailTheRoundCleanly() {
        RoundDriver round = new RoundDriver(parameters(6, 100), 10, RoundDriver.seeded(7));
        round.skipUnmask = Set.of("node-00", "node-01", "node-02", "node-03", "node-04");
        assertThatThrownBy(round::run)
                .isInstanceOf(RoundFailedException.class)
                .hasMessageContaining("only 5 clients answered the unmask request, the threshold is 6");
        assertThat(round.server.state()).isEqualTo(ServerState.FAILED);
    }

    @Test
    void fewerThanThresholdKeyAdvertisementsFailTheRound() {
        RoundDriver round = new RoundDriver(parameters(6, 10), 5, RoundDriver.seeded(8));
        round.clients.values().forEach(c -> round.server.receiveKeys(c.advertiseKeys()));
        assertThatThrownBy(round.server::closeKeyCollection)
                .isInstanceOf(RoundFailedException.class).hasMessageContaining("only 5 clients advertised keys");
    }

    @Test
    void extremeInputsAtTheRangeBoundSumWithoutWrapping() {
        RoundParameters p = parameters(6, 4);
        RoundDriver round = new RoundDriver(p, 10, RoundDriver.seeded(9));
        double max = p.codec().maxAbsValue();
        round.inputs.replaceAll((id, x) -> new double[] {max, -max, max - 0.5, FixedPointCodec.RESOLUTION});
        AggregationResult result = round.run();
        assertThat(result.sum()).containsExactly(10 * max, -10 * max, 10 * (max - 0.5), 10 * FixedPointCodec.RESOLUTION);
    }

    @Test
    void roundsWithTheSameInputsButDifferentRandomnessGiveTheSameSumAndDifferentMaskedInputs() {
        RoundDriver a = new RoundDriver(parameters(3, 50), 4, RoundDriver.seeded(10));
        RoundDriver b = new RoundDriver(parameters(3, 50), 4, RoundDriver.seeded(11));
        b.inputs.putAll(a.inputs);
        assertThat(a.run().encodedSum()).isEqualTo(b.run().encodedSum());
        assertThat(a.maskedInputs.get("node-00").maskedVector()).isNotEqualTo(b.maskedInputs.get("node-00").maskedVector());
    }
}
