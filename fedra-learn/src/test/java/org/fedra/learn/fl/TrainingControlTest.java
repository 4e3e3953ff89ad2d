package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Local training stops within one mini-batch of a stop request, and a control that never stops changes nothing. */
class TrainingControlTest {
    private static final Dataset DATA = new Dataset(new double[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 0}, {0, -1}},
            new double[] {1, 0, 1, 0, 0});
    private static final ModelSpec SPEC = ModelSpec.mlp(2, 3);
    private static final TrainingConfig TEN_EPOCHS = new TrainingConfig(10, 2, 0.1, 0); // 3 batches per epoch

    @Test
    void theTrainerStopsAtTheFirstBatchAfterTheStopRequest() {
        AtomicInteger polls = new AtomicInteger();
        TrainingControl stopAfterSeven = () -> polls.incrementAndGet() > 7;
        assertThatThrownBy(() -> new TabularTrainer().train(SPEC, SPEC.initialParameters(1), DATA, TEN_EPOCHS, 1,
                stopAfterSeven)).isInstanceOf(TrainingCancelledException.class)
                .hasMessage("local training stopped in epoch 3 of 10, before batch 2 of 3: the job was cancelled or its"
                        + " deadline passed");
        assertThat(polls).hasValue(8); // polled before each batch, none after the stop

        AtomicInteger never = new AtomicInteger();
        LocalUpdate watched = new TabularTrainer().train(SPEC, SPEC.initialParameters(1), DATA, TEN_EPOCHS, 1,
                () -> never.incrementAndGet() < 0);
        assertThat(never).hasValue(30);
        assertThat(watched.delta()).containsExactly(
                new TabularTrainer().train(SPEC, SPEC.initialParameters(1), DATA, TEN_EPOCHS, 1).delta());
    }

    @Test
    void aNodesUpdateStopsWithItsTrainer() {
        FederatedTraining t = new FederatedTraining(JobConfig.fromMap(Map.of("rounds", 1)), SPEC, List.of("a", "b"));
        NodeInstructions instructions = t.plan(t.initialState()).instructionsFor("a");
        assertThatThrownBy(() -> ClientUpdate.compute(instructions, DATA, new TabularTrainer(), null, () -> true))
                .isInstanceOf(TrainingCancelledException.class).hasMessageContaining("in epoch 1 of 1, before batch 1 of 1");
    }
}
