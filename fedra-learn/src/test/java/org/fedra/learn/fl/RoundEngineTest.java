package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hub side of a round on hand-made node vectors: sums, dropouts, and vectors that do not fit the plan. */
class RoundEngineTest {
    private static final List<String> NODES = List.of("a", "b", "c", "d");
    private static final ModelSpec SPEC = ModelSpec.logistic(2); // 3 parameters, vectors of length 4

    private static FederatedTraining training(Map<String, Object> settings) {
        return new FederatedTraining(JobConfig.fromMap(settings), SPEC, NODES);
    }

    @Test
    void secureSumGivesTheExampleWeightedMeanAndSurvivesADropout() {
        FederatedTraining t = training(Map.of("rounds", 3));
        ServerState s = t.initialState();
        RoundPlan plan = t.plan(s);
        assertThat(plan.participants()).containsExactly("a", "b", "c", "d");
        // a: 10 examples with delta (1, 2, 3); b: 30 examples with delta (-1, 0, 1); c and d dropped out
        double[] sum = {10 * 1 + 30 * -1, 10 * 2, 10 * 3 + 30 * 1, 40};
        RoundResult r = t.aggregateSum(s, plan, sum, List.of("a", "b"), null);
        assertThat(r.state().round()).isEqualTo(1);
        assertThat(r.state().parameters()).containsExactly(-0.5, 0.5, 1.5);
        assertThat(r.contributors()).containsExactly("a", "b");
        assertThat(r.epsilon()).isNaN();

        Map<String, double[]> individual = new LinkedHashMap<>();
        individual.put("b", new double[] {-30, 0, 30, 30});
        individual.put("a", new double[] {10, 20, 30, 10});
        assertThat(t.aggregateIndividual(s, plan, individual, null).state()).isEqualTo(r.state());
    }

    @Test
    void vectorsThatDoNotFitThePlanAreRefused() {
        FederatedTraining t = training(Map.of("rounds", 3, "clientsPerRound", 2, "seed", 5));
        ServerState s = t.initialState();
        RoundPlan plan = t.plan(s);
        String outsider = NODES.stream().filter(n -> !plan.participants().contains(n)).findFirst().orElseThrow();
        String member = plan.participants().get(0);
        double[] ok = {1, 1, 1, 2};
        assertThatThrownBy(() -> t.aggregateSum(s, plan, ok, List.of(outsider), null))
                .hasMessage("node " + outsider + " was not sampled for round 0");
        assertThatThrownBy(() -> t.aggregateSum(s, plan, ok, List.of(member, member), null))
                .hasMessage("node " + member + " contributed twice to round 0");
        assertThatThrownBy(() -> t.aggregateSum(s, plan, new double[] {1, 1, 2}, List.of(member), null))
                .hasMessage("summed update has 3 entries, expected 4");
        assertThatThrownBy(() -> t.aggregateSum(s, plan, new double[4], List.of(member), null))
                .hasMessage("round 0: contributors hold no examples");
        assertThatThrownBy(() -> t.aggregateSum(s, plan, ok, List.of(), null))
                .hasMessage("round 0 has no contributors");
        ServerState later = t.aggregateSum(s, plan, ok, List.of(member), null).state();
        assertThatThrownBy(() -> t.aggregateSum(later, plan, ok, List.of(member), null))
                .hasMessage("plan is for round 0 but the state has completed 1 rounds");
        ServerState state = later;
        while (!t.isFinished(state)) {
            RoundPlan next = t.plan(state);
            state = t.aggregateSum(state, next, ok, List.of(next.participants().get(0)), null).state();
        }
        ServerState end = state;
        assertThat(end.round()).isEqualTo(3);
        assertThat(t.isFinished(end)).isTrue();
        assertThatThrownBy(() -> t.plan(end)).hasMessage("job is finished: completed 3 rounds");
    }

    @Test
    void distributedNoiseOfDroppedNodesIsAddedByTheHub() {
        Map<String, Object> dp = Map.of("clipNorm", 1.0, "noiseMultiplier", 2.0, "noise", "distributed",
                "epsilonBudget", 100.0);
        FederatedTraining t = training(Map.of("rounds", 3, "dp", dp));
        ServerState s = t.initialState();
        RoundPlan plan = t.plan(s);
        double[] clippedSum = {0.5, -0.5, 0.25, 2}; // two of four planned nodes, weight 1 each
        // all four contributed: the hub adds nothing, the mean is sum / 4
        RoundResult full = t.aggregateSum(s, plan, clippedSum, NODES, new SplittableRandom(1));
        assertThat(full.state().parameters()).containsExactly(0.125, -0.125, 0.0625);
        // two dropped: the hub adds their noise shares, N(0, (2 * 1)^2 * 2 / 4), drawn from its generator
        RoundResult partial = t.aggregateSum(s, plan, clippedSum, List.of("a", "b"), new SplittableRandom(1));
        SplittableRandom same = new SplittableRandom(1);
        double std = Math.sqrt(4.0 * 2 / 4);
        for (int k = 0; k < 3; k++) {
            assertThat(partial.state().parameters()[k]).isCloseTo((clippedSum[k] + std * same.nextGaussian()) / 4,
                    within(1e-15));
        }
        assertThat(partial.epsilon()).isEqualTo(full.epsilon()).isPositive();
    }
}
