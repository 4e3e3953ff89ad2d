package org.fedra.protocol.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Lets concurrent writers share one durable write. Each caller queues its item and waits; whichever caller finds no
 * write in progress becomes the leader, takes every item queued so far and hands them to the batch writer as one batch,
 * while later callers queue up for the next batch. A caller returns only once the batch holding its item was written
 * (or throws what the writer threw), so "returned" always means "durable". No thread of its own: the leader is one of
 * the callers.
 *
 * @param <T> a queued item; the writer fills in whatever the caller reads afterwards
 */
final class GroupCommit<T> {
    private final Consumer<List<T>> writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private List<Ticket<T>> queue = new ArrayList<>();
    private boolean writing;

    /** @param writer writes a batch durably, in order; throws if it could not (the whole batch then fails) */
    GroupCommit(Consumer<List<T>> writer) {
        this.writer = writer;
    }

    /** Queues {@code item} and returns once a batch holding it was written. */
    void submit(T item) {
        Ticket<T> ticket = new Ticket<>(item);
        lock.lock();
        try {
            queue.add(ticket);
            while (!ticket.done) {
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                writing = true;
                List<Ticket<T>> batch = queue;
                queue = new ArrayList<>();
                lock.unlock();
                RuntimeException failure = null;
                try {
                    failure = write(batch);
                } finally {
                    lock.lock();
                    for (Ticket<T> t : batch) {
                        t.failure = failure;
                        t.done = true;
                    }
                    writing = false;
                    written.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (ticket.failure != null) {
            throw ticket.failure;
        }
    }

    /** Items waiting for the next batch (for tests that hold a batch and watch the next one form). */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private RuntimeException write(List<Ticket<T>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        for (Ticket<T> t : batch) {
            items.add(t.item);
        }
        // An interrupted thread would have its file channel closed under it (ClosedByInterruptException) and fail the
        // whole batch, including other callers' entries; the interrupt is kept for the caller to see afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            writer.accept(items);
            return null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Ticket<T> {
        final T item;
        boolean done;
        RuntimeException failure;

        Ticket(T item) {
            this.item = item;
        }
    }
}
