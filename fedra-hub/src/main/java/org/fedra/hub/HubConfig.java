package org.fedra.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How a hub runs.
 *
 * @param dataDir           where the CA, database, audit log and operator token live
 * @param grpcPort          port for nodes (0: the port recorded at the previous start, or a free one)
 * @param httpPort          port for people (same rule)
 * @param bindAddress       address both servers listen on
 * @param advertiseHosts    host names and addresses put into the hub's certificate, besides localhost
 * @param heartbeatInterval how often nodes send a heartbeat
 * @param clock             the clock for tokens, deadlines and audit entries
 */
public record HubConfig(Path dataDir, int grpcPort, int httpPort, String bindAddress, List<String> advertiseHosts,
                        Duration heartbeatInterval, Clock clock) {
    public static HubConfig defaults(Path dataDir) {
        return new HubConfig(dataDir, 0, 0, "0.0.0.0", List.of(), Duration.ofSeconds(5), Clock.systemUTC());
    }

    public HubConfig withPorts(int grpc, int http) {
        return new HubConfig(dataDir, grpc, http, bindAddress, advertiseHosts, heartbeatInterval, clock);
    }

    public HubConfig withBindAddress(String address) {
        return new HubConfig(dataDir, grpcPort, httpPort, address, advertiseHosts, heartbeatInterval, clock);
    }

    public HubConfig withAdvertiseHosts(List<String> hosts) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, hosts, heartbeatInterval, clock);
    }

    public HubConfig withHeartbeatInterval(Duration interval) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, interval, clock);
    }

    public HubConfig withClock(Clock c) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, c);
    }
}
