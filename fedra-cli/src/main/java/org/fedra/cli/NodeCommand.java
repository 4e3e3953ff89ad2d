package org.fedra.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.api.StewardToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedra node}: runs a hospital's node; its subcommands load and inspect the node's data. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Runs a node. The first start enrols it with the hub (needs --hub and --token); later starts reuse its identity. "
                + "The node dials out to the hub and never accepts connections from it; it serves a small patient-rights API for the "
                + "hospital's data steward on loopback. Stops gracefully on SIGTERM or Ctrl-C."},
        subcommands = {NodeDataCommands.Generate.class, NodeDataCommands.Import.class, NodeDataCommands.Inventory.class, NodeDataCommands.Reindex.class,
                NodeApprovalsCommand.class, NodeConsentCommand.class, NodePolicyCommand.class, NodeBudgetsCommand.class, NodeLinkageKeyCommand.class,
                NodePackagesCommand.class, NodeReleasesCommand.class, NodeRemediationCommand.class})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--hub", description = "The hub's gRPC address HOST:PORT (required to enrol; later defaults to the enrolled hub).")
    String hub;

    @Option(names = "--token", description = "Enrolment token from the operator (fedra hub enrol); only needed the first time.")
    String token;

    @Option(names = "--data-dir", defaultValue = "fedra-node", description = "Node data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--inventory-interval", defaultValue = "60s", converter = DurationConverter.class,
            description = "Least time between two publications of the data inventory to the hub's catalog, e.g. 60s, 500ms, 5m "
                    + "(default: ${DEFAULT-VALUE}). The inventory is sent only when its coarsened counts changed.")
    Duration inventoryInterval;

    @Option(names = "--api-port", defaultValue = "0",
            description = "Port of the steward's patient-rights API (default: ${DEFAULT-VALUE} = the port of the previous start when it is "
                    + "free, else a free one, printed at start; -1 = no API).")
    int apiPort;

    @Option(names = "--api-bind", defaultValue = "127.0.0.1", description = "Address the API listens on (default: ${DEFAULT-VALUE}).")
    String apiBind;

    @Option(names = "--sign-in-config", paramLabel = "FILE",
            description = "Serve the patient portal on the API's server, people signing in through the OpenID Connect provider that FILE "
                    + "describes (issuer, client-id, public-url, roles-claim, patient-claim, ...; see the README). Off by default.")
    Path signInConfig;

    @Option(names = "--dpkg-admindir", paramLabel = "DIR",
            description = "The dpkg database whose installed packages the node's security posture reports (dpkg-query --admindir), e.g. the "
                    + "host's /var/lib/dpkg mounted into the node's container (default: dpkg's own).")
    Path dpkgAdminDir;

    @Override
    public Integer call() throws Exception {
        int port = apiPort == 0 ? previousPortIfFree() : apiPort;
        NodeAgent node = NodeAgent.start(NodeConfig.of(dataDir, hub, token).withInventoryInterval(inventoryInterval).withApi(apiBind, port)
                        .withSignIn(signInConfig),
                TaskHandlers.withBuiltIns(), new org.fedra.node.posture.DpkgPackages(dpkgAdminDir));
        System.out.println("fedra node " + node.nodeId() + " (" + node.organisation() + ") running; data in " + dataDir);
        if (node.apiPort() >= 0) {
            System.out.println("steward API at http://" + apiBind + ":" + node.apiPort() + "/api (token in " + dataDir.resolve(StewardToken.FILE) + ")");
            if (signInConfig != null) {
                System.out.println("patient portal at " + org.fedra.web.SignInSettings.load(signInConfig).origin() + "/portal (sign-in: "
                        + org.fedra.web.SignInSettings.load(signInConfig).issuer() + ")");
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            System.out.println("fedra node " + node.nodeId() + " stopped");
        }, "node-shutdown"));
        try {
            node.terminated().get();
            return ExitCodes.OK;
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /** The steward API keeps its port across restarts (scripts and bookmarks keep working), unless another program took it. */
    private int previousPortIfFree() {
        java.util.OptionalInt previous = org.fedra.node.api.ApiEndpoint.previousPort(dataDir);
        if (previous.isEmpty()) {
            return 0;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket(previous.getAsInt(), 1, java.net.InetAddress.getByName(apiBind))) {
            return previous.getAsInt();
        } catch (java.io.IOException taken) {
            return 0;
        }
    }
}
