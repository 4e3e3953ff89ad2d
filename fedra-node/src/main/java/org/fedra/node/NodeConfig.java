package org.fedra.node;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a node runs.
 *
 * @param dataDir        where the node's key, certificate, database and audit log live
 * @param hubAddress     host:port of the hub's gRPC endpoint
 * @param token          an enrolment token (only needed the first time)
 * @param softwareVersion what the node reports to the hub
 * @param initialBackoff first wait before reconnecting; doubles up to {@code maxBackoff}, with jitter
 * @param maxBackoff     longest wait between reconnection attempts
 * @param enrolAttempts  how many times to try reaching the hub for enrolment (0: until stopped)
 * @param clock          the clock for audit entries
 * @param inventoryInterval how often the node may publish its data inventory to the hub's catalog (only when it changed)
 * @param apiBind        address of the node's local patient-rights API
 * @param apiPort        port of that API; 0 = a free port, -1 = no API
 * @param signInConfig   the OpenID Connect sign-in settings file for the node's pages (the patient portal), or null: no sign-in
 * @param demoSignIn     {@code fedra demo --keep} only: people sign in to the node's pages by choosing who they are, no provider
 *                       (anyone can be anyone; off unless set, never from a node's command line)
 */
public record NodeConfig(Path dataDir, String hubAddress, String token, String softwareVersion, Duration initialBackoff,
                         Duration maxBackoff, int enrolAttempts, Clock clock, Duration inventoryInterval, String apiBind, int apiPort,
                         Path signInConfig, boolean demoSignIn) {
    /** The default interval between inventory publications. */
    public static final Duration DEFAULT_INVENTORY_INTERVAL = Duration.ofSeconds(60);

    public NodeConfig {
        if (inventoryInterval == null || inventoryInterval.isNegative() || inventoryInterval.isZero()) {
            throw new IllegalArgumentException("the inventory interval must be positive");
        }
        if (apiPort < -1 || apiPort > 65535) {
            throw new IllegalArgumentException("the API port must be between 0 and 65535 (or -1 for no API)");
        }
    }

    /** A node without the local API, publishing its inventory every 60 s. */
    public static NodeConfig of(Path dataDir, String hubAddress, String token) {
        return new NodeConfig(dataDir, hubAddress, token, NodeVersion.current(), Duration.ofMillis(250), Duration.ofSeconds(10), 0, Clock.systemUTC(),
                DEFAULT_INVENTORY_INTERVAL, "127.0.0.1", -1, null, false);
    }

    public NodeConfig withBackoff(Duration initial, Duration max) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initial, max, enrolAttempts, clock, inventoryInterval, apiBind, apiPort, signInConfig, demoSignIn);
    }

    public NodeConfig withEnrolAttempts(int attempts) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initialBackoff, maxBackoff, attempts, clock, inventoryInterval, apiBind, apiPort, signInConfig, demoSignIn);
    }

    public NodeConfig withInventoryInterval(Duration interval) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initialBackoff, maxBackoff, enrolAttempts, clock, interval, apiBind, apiPort, signInConfig, demoSignIn);
    }

    /** Serves the patient-rights API on {@code bind}:{@code port} (0: a free port). */
    public NodeConfig withApi(String bind, int port) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initialBackoff, maxBackoff, enrolAttempts, clock, inventoryInterval, bind, port, signInConfig, demoSignIn);
    }

    /** Lets people sign in to the node's pages through the OpenID Connect provider described in {@code file} (see the README). */
    public NodeConfig withSignIn(Path file) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initialBackoff, maxBackoff, enrolAttempts, clock, inventoryInterval, apiBind, apiPort, file, demoSignIn);
    }

    /** The demo's sign-in on the node's pages (see {@link #demoSignIn}); needs the API ({@link #withApi}) on a known port. */
    public NodeConfig withDemoSignIn() {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initialBackoff, maxBackoff, enrolAttempts, clock, inventoryInterval, apiBind, apiPort,
                signInConfig, true);
    }
}
