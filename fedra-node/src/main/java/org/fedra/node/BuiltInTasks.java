package org.fedra.node;

/**
 * Registers the task types every node runs: contracts, and the built-in, vetted analyses. The node agent calls
 * it once its data layer is open.
 */
final class BuiltInTasks {
    private BuiltInTasks() {}

    static void install(TaskHandlers handlers, NodeServices services) {
        // contracts, feasibility, statistics, regression and linkage register here
        new org.fedra.node.analysis.SecureSumTasks(services).handlers().forEach(handlers::register);
        handlers.register(new org.fedra.node.feasibility.FeasibilityTask(services));
    }
}
