package org.fedra.node;

import org.fedra.node.linkage.LinkageJobs;
import org.fedra.node.linkage.PsiBlindHandler;
import org.fedra.node.linkage.PsiCountHandler;
import org.fedra.node.linkage.PsiReblindHandler;

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
        handlers.register(new org.fedra.node.training.PlainUpdateTask(services));
        LinkageJobs linkageJobs = new LinkageJobs(services.clock());
        handlers.register(new PsiBlindHandler(services, linkageJobs));
        handlers.register(new PsiReblindHandler(services, linkageJobs));
        handlers.register(new PsiCountHandler(services, linkageJobs));
    }
}
