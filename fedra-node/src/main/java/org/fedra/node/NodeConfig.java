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
 */
public record NodeConfig(Path dataDir, String hubAddress, String token, String softwareVersion, Duration initialBackoff,
                         Duration maxBackoff, int enrolAttempts, Clock clock) {
    public static NodeConfig of(Path dataDir, String hubAddress, String token) {
        return new NodeConfig(dataDir, hubAddress, token, NodeVersion.current(), Duration.ofMillis(250), Duration.ofSeconds(10), 0, Clock.systemUTC());
    }

    public NodeConfig withBackoff(Duration initial, Duration max) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initial, max, enrolAttempts, clock);
    }

    public NodeConfig withEnrolAttempts(int attempts) {
        return new NodeConfig(dataDir, hubAddress, token, softwareVersion, initialBackoff, maxBackoff, attempts, clock);
    }
}
