package org.fedra.node.pipeline;

import java.time.Clock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.fedra.node.sandbox.PackageRunner;

/**
 * What a node gives every executor once, when it starts.
 *
 * @param clock          the node's clock
 * @param dataGeneration the store's generation: it changes with every write (a new record, a consent, an erasure), so
 *                       an executor that keeps rows between the tasks of a job knows when to read them again
 * @param packages       the node's runner of researchers' packages (sandbox, approvals by hash, output check, release
 *                       queue), or null on a node without a data directory (which runs no packages)
 */
public record ExecutorEnvironment(Clock clock, LongSupplier dataGeneration, Supplier<PackageRunner> packages) {
    public ExecutorEnvironment(Clock clock, LongSupplier dataGeneration) {
        this(clock, dataGeneration, null);
    }
}
