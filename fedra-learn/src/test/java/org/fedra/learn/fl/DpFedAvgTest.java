package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedra.privacy.dp.RdpAccountant;
import org.fedra.privacy.dp.RdpCurve;
import org.junit.jupiter.api.Test;

/**
 * DP-FedAvg on the four heart-disease sites: two of four nodes sampled per round (q = 0.5), noise multiplier
 * 3.0, clip norm 0.5, delta 1e-5, epsilon budget 4, at most 100 rounds, logistic regression, job seed 2026.
 */
class DpFedAvgTest {
    private static final double SIGMA = 3.0;
    private static final double Q = 0.5;
    private static final double DELTA = 1e-5;
    private static final double BUDGET = 4.0;

    private static JobConfig config(String noise) {
        return JobConfig.fromMap(Map.of("rounds", 100, "clientsPerRound", 2, "batchSize", 16, "learningRate", 0.05,
                "seed", 2026, "dp", Map.of("clipNorm", 0.5, "noiseMultiplier", SIGMA, "noise", noise, "delta", DELTA,
                        "epsilonBudget", BUDGET)));
    }

    /** Epsilon after r rounds, straight from the accountant. */
    private static double accountant(int rounds) {
        return RdpAccountant.sampledGaussian(Q, SIGMA, rounds, RdpCurve.DEFAULT_ORDERS).epsilon(DELTA).epsilon();
    }

    @Test
    void epsilonAfterEveryRoundIsTheAccountantsAndTheBudgetStopsTheJob() throws IOException {
        // rounds the budget allows, counted with the accountant alone
        int allowed = 0;
        while (accountant(allowed + 1) <= BUDGET) {
            allowed++;
        }
        FederationFixture f = new FederationFixture(TabularSites.heartDisease());
        ModelSpec spec = ModelSpec.logistic(TabularSites.HEART_FEATURES);
        for (String noise : List.of("central", "distributed")) {
            FederatedTraining training = new FederatedTraining(config(noise), spec, new ArrayList<>(f.train.keySet()));
            assertThat(training.samplingRate()).isEqualTo(Q);
            List<Double> epsilons = new ArrayList<>();
            ServerState end = new InMemoryFederation(training, f.train, new TabularTrainer())
                    .run(r -> epsilons.add(r.epsilon()));
            for (int r = 1; r <= epsilons.size(); r++) {
                assertThat(epsilons.get(r - 1)).as("epsilon after round %d", r).isCloseTo(accountant(r),
                        within(1e-12));
            }
            Metrics m = f.federatedEvaluation(spec, end.parameters());
            System.out.printf("DP-FedAvg (%s noise): %d rounds before the budget epsilon=%.1f stops the job;"
                    + " epsilon after round 1 %.4f, after the last %.4f, one more round would be %.4f;"
                    + " held-out AUC %.4f%n", noise, end.round(), BUDGET, epsilons.get(0),
                    epsilons.get(epsilons.size() - 1), accountant(end.round() + 1), m.auc());
            assertThat(end.round()).isEqualTo(allowed).isEqualTo(epsilons.size()).isLessThan(100);
            assertThat(epsilons.get(epsilons.size() - 1)).isLessThanOrEqualTo(BUDGET);
            assertThat(accountant(end.round() + 1)).isGreaterThan(BUDGET);
            assertThat(training.isFinished(end)).isTrue();
            assertThat(training.stopReason(end)).startsWith("stopped after " + allowed
                    + " rounds: another round would exceed the privacy budget epsilon=4.0");
            assertThat(training.ledger(end).remainingRounds()).isZero();
            assertThat(java.util.Arrays.stream(end.parameters()).allMatch(Double::isFinite)).isTrue();
        }
        assertThat(allowed).isEqualTo(22);
    }

    @Test
    void nodesClipTheirDeltaAndSendEqualWeights() throws IOException {
        FederationFixture f = new FederationFixture(TabularSites.heartDisease());
        ModelSpec spec = ModelSpec.logistic(TabularSites.HEART_FEATURES);
        FederatedTraining central = new FederatedTraining(config("central"), spec, new ArrayList<>(f.train.keySet()));
        RoundPlan plan = central.plan(central.initialState());
        for (NodeInstructions instr : plan.instructions()) {
            assertThat(instr.clipNorm()).isEqualTo(0.5);
            assertThat(instr.noiseStd()).isZero(); // central: only the hub adds noise
            double[] v = ClientUpdate.compute(instr, f.train.get(instr.nodeId()), new TabularTrainer(), null);
            assertThat(v[v.length - 1]).isEqualTo(1.0); // no example count leaves the node
            double norm = 0;
            for (int k = 0; k < v.length - 1; k++) {
                norm += v[k] * v[k];
            }
            assertThat(Math.sqrt(norm)).isLessThanOrEqualTo(0.5 + 1e-12);
        }
        FederatedTraining distributed = new FederatedTraining(config("distributed"), spec,
                new ArrayList<>(f.train.keySet()));
        for (NodeInstructions instr : distributed.plan(distributed.initialState()).instructions()) {
            // each of the 2 nodes adds N(0, (sigma C)^2 / 2)
            assertThat(instr.noiseStd()).isCloseTo(SIGMA * 0.5 / Math.sqrt(2), within(1e-15));
        }
    }

    @Test
    void aBudgetThatAllowsNoRoundIsRefusedBeforeTheJobStarts() {
        Map<String, Object> map = new HashMap<>(config("central").toMap());
        map.put("dp", Map.of("clipNorm", 0.5, "noiseMultiplier", SIGMA, "delta", DELTA,
                "epsilonBudget", accountant(1) * 0.99));
        JobConfig almost = JobConfig.fromMap(map);
        try {
            new FederatedTraining(almost, ModelSpec.logistic(2), List.of("a", "b", "c", "d"));
            throw new AssertionError("accepted");
        } catch (JobConfigException e) {
            assertThat(e.field()).isEqualTo("dp.epsilonBudget");
            assertThat(e.getMessage()).contains(String.format("already costs epsilon=%.4f", accountant(1)));
        }
    }

    @Test
    void ledgerRestoredFromRoundsAgreesWithOneChargedStepByStep() {
        PrivacyLedger stepped = new PrivacyLedger(Q, SIGMA, DELTA, 100, 0);
        for (int r = 0; r < 7; r++) {
            stepped.chargeRound();
        }
        assertThat(new PrivacyLedger(Q, SIGMA, DELTA, 100, 7).epsilon()).isCloseTo(stepped.epsilon(), within(1e-12));
        assertThat(stepped.epsilon()).isCloseTo(accountant(7), within(1e-12));
    }
}
