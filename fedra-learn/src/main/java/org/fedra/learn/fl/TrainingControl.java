package org.fedra.learn.fl;

/**
 * Lets the caller stop local training: trainers poll {@link #stopRequested()} between mini-batches and throw
 * {@link TrainingCancelledException} once it is true, so a cancelled job or a passed deadline frees the node within
 * one batch; they tell {@link #epochDone} after every epoch. The library has no clock: a node builds the control from its own, e.g.
 * {@code () -> clock.instant().isAfter(deadline) || Thread.currentThread().isInterrupted()}.
 */
@FunctionalInterface
public interface TrainingControl {
    /** Never stops. */
    TrainingControl NONE = () -> false;

    /** Whether training must stop now. */
    boolean stopRequested();

    /**
     * Told by the trainer after each local epoch it finished, so that the caller can report progress (counts only).
     *
     * @param epoch  epochs finished, from 1
     * @param epochs epochs in all
     */
    default void epochDone(int epoch, int epochs) {
    }
}
