package org.fedra.learn.fl;

/**
 * Lets the caller stop local training: trainers poll {@link #stopRequested()} between mini-batches and throw
 * {@link TrainingCancelledException} once it is true, so a cancelled job or a passed deadline frees the node within
 * one batch. The library has no clock: a node builds the control from its own, e.g.
 * {@code () -> clock.instant().isAfter(deadline) || Thread.currentThread().isInterrupted()}.
 */
@FunctionalInterface
public interface TrainingControl {
    /** Never stops. */
    TrainingControl NONE = () -> false;

    /** Whether training must stop now. */
    boolean stopRequested();
}
