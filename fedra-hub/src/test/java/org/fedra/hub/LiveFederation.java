package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.posture.HostPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real hub and real nodes over mutual-TLS gRPC whose host packages the test chooses: the trust tests' federation. */
abstract class LiveFederation {
    @TempDir
    Path tmp;
    Hub hub;
    final List<NodeAgent> nodes = new ArrayList<>();
    private final boolean awaitPosture;

    /** {@code awaitPosture}: {@link #node} returns once the hub holds the node's first posture, not only once it connected. */
    LiveFederation(boolean awaitPosture) {
        this.awaitPosture = awaitPosture;
    }

    @BeforeEach
    void startHub() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) {
            hub.close();
        }
    }

    NodeAgent node(String name, HostPackages packages) throws Exception {
        NodeConfig c = NodeConfig.of(tmp.resolve(name), "localhost:" + hub.grpcPort(), hub.issueToken(name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
        NodeAgent n = NodeAgent.start(c, TaskHandlers.withBuiltIns(), packages);
        nodes.add(n);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        if (awaitPosture) {
            PostureTest.await(() -> hub.postures().latest(n.nodeId()).isPresent());
        }
        return n;
    }
}
