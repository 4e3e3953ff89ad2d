package org.fedra.protocol.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writers that arrive while a batch is being written share the next one; nobody returns before its batch is written. */
class GroupCommitTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstBatchMayFinish = new CountDownLatch(1);
    private final CountDownLatch firstBatchStarted = new CountDownLatch(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private void write(List<Integer> batch) {
        if (batches.isEmpty()) {
            firstBatchStarted.countDown();
            try {
                firstBatchMayFinish.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        if (batch.contains(-1)) {
            throw new IllegalStateException("disk full");
        }
        batches.add(List.copyOf(batch));
    }

    @Test
    void writersQueuedBehindABatchShareTheNextOne() throws Exception {
        GroupCommit<Integer> commit = new GroupCommit<>(this::write);
        Future<?> first = pool.submit(() -> commit.submit(0));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> others = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int item = i;
            others.add(pool.submit(() -> commit.submit(item)));
        }
        while (commit.waiting() < 5) {
            Thread.onSpinWait();
        }
        for (Future<?> f : others) {
            assertThat(f.isDone()).as("returned before its batch was written").isFalse();
        }
        firstBatchMayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> f : others) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactly(0);
        assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void aFailedBatchFailsEveryWriterInItAndTheNextBatchIsWritten() throws Exception {
        GroupCommit<Integer> commit = new GroupCommit<>(this::write);
        Future<?> first = pool.submit(() -> commit.submit(0));
        assertThat(firstBatchStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> doomed = pool.submit(() -> commit.submit(-1));
        Future<?> alongside = pool.submit(() -> commit.submit(7));
        while (commit.waiting() < 2) {
            Thread.onSpinWait();
        }
        firstBatchMayFinish.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
        assertThatThrownBy(() -> alongside.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("disk full");
        commit.submit(8);
        assertThat(batches).containsExactly(List.of(0), List.of(8));
    }

    @Test
    void anInterruptedWriterStillWritesAndKeepsItsInterrupt() {
        GroupCommit<Integer> commit = new GroupCommit<>(batch -> {
            assertThat(Thread.currentThread().isInterrupted()).as("the batch is written without the interrupt").isFalse();
            batches.add(List.copyOf(batch));
        });
        Thread.currentThread().interrupt();
        commit.submit(1);
        assertThat(Thread.interrupted()).isTrue();
        assertThat(batches).containsExactly(List.of(1));
    }
}
