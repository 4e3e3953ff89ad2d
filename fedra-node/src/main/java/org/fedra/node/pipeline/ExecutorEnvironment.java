package org.fedra.node.pipeline;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * What a node gives every executor once, when it starts.
 *
 * @param clock          the node's clock
 * @param dataGeneration the store's generation: it changes with every write (a new record, a consent, an erasure), so
 *                       an executor that keeps rows between the tasks of a job knows when to read them again
 */
public record ExecutorEnvironment(Clock clock, LongSupplier dataGeneration) {}
