package org.fedra.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedra node}: runs a hospital's node. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Runs a node. The first start enrols it with the hub (needs --hub and --token); later starts reuse its identity. "
                + "The node dials out to the hub and never accepts connections. Stops gracefully on SIGTERM or Ctrl-C."})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--hub", description = "The hub's gRPC address HOST:PORT (required to enrol; later defaults to the enrolled hub).")
    String hub;

    @Option(names = "--token", description = "Enrolment token from the operator (fedra hub enrol); only needed the first time.")
    String token;

    @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        NodeAgent node = NodeAgent.start(NodeConfig.of(dataDir, hub, token), TaskHandlers.withBuiltIns());
        System.out.println("fedra node " + node.nodeId() + " (" + node.organisation() + ") running; data in " + dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-shutdown"));
        try {
            node.terminated().get();
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
