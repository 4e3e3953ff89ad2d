package org.fedra.learn.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Local training stops within one mini-batch of a stop request, a control that never stops changes nothing, and the
 * control hears of every finished epoch.
 */
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
        List<String> epochs = new ArrayList<>();
        LocalUpdate watched = new TabularTrainer().train(SPEC, SPEC.initialParameters(1), DATA, TEN_EPOCHS, 1, new TrainingControl() {
            @Override
            public boolean stopRequested() {
                return never.incrementAndGet() < 0;
            }

            @Override
            public void epochDone(int epoch, int all) {
                epochs.add(epoch + "/" + all);
            }
        });
        assertThat(never).hasValue(30);
        assertThat(epochs).containsExactly("1/10", "2/10", "3/10", "4/10", "5/10", "6/10", "7/10", "8/10", "9/10", "10/10");
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
