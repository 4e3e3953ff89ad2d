package org.fedra.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fedra.hub.study.StudyRateLimit;

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
 * @param analysisDeadline  how long a node has for one analysis step (a feasibility count, one secure-sum step of
 *                          statistics, regression or training, one PSI step) before it counts as failed; size it to
 *                          the largest node's data (default 60 s)
 * @param httpSecurity      whether the HTTP API speaks TLS (default: unless bound to a loopback address)
 * @param studyRateLimit    how many studies one organisation may create per window (default
 *                          {@link StudyRateLimit#DEFAULT}: 20 per hour)
 * @param signInConfig      the OpenID Connect sign-in file of the hub's pages (operator console, researcher workspace),
 *                          or null: no pages, the API answers the operator token only
 * @param demoSignIn        {@code fedra demo --keep} only: the hub's pages with the demo's sign-in (choose operator or
 *                          researcher, no provider); needs a fixed HTTP port, since the pages check the Origin
 */
public record HubConfig(Path dataDir, int grpcPort, int httpPort, String bindAddress, List<String> advertiseHosts,
                        Duration heartbeatInterval, Clock clock, Duration analysisDeadline, HttpSecurity httpSecurity,
                        StudyRateLimit studyRateLimit, Path signInConfig, boolean demoSignIn) {
    /**
     * Whether the HTTP API is served over TLS. The operator's token and researchers' queries cross it, so plain HTTP is
     * only for a hub nobody else can reach (bound to loopback) or by the operator's explicit choice (TLS terminated by a
     * proxy in front).
     */
    public enum HttpSecurity {
        /** TLS, unless the bind address is a loopback address. */
        AUTO,
        /** TLS always, with the hub's certificate from the federation CA. */
        TLS,
        /** Plain HTTP, whatever the bind address (the operator's explicit {@code --plain-http}). */
        PLAIN
    }

    public HubConfig {
        if (httpSecurity == null) {
            httpSecurity = HttpSecurity.AUTO;
        }
        if (studyRateLimit == null) {
            studyRateLimit = StudyRateLimit.DEFAULT;
        }
        if (analysisDeadline == null || analysisDeadline.isNegative() || analysisDeadline.isZero()) {
            throw new IllegalArgumentException("the analysis deadline must be positive");
        }
    }

    public static HubConfig defaults(Path dataDir) {
        return new HubConfig(dataDir, 0, 0, "0.0.0.0", List.of(), Duration.ofSeconds(5), Clock.systemUTC(), Duration.ofSeconds(60),
                HttpSecurity.AUTO, StudyRateLimit.DEFAULT, null, false);
    }

    /** Whether the HTTP API speaks TLS with this configuration. */
    public boolean httpTls() {
        return switch (httpSecurity) {
            case TLS -> true;
            case PLAIN -> false;
            case AUTO -> !loopback(bindAddress);
        };
    }

    private static boolean loopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public HubConfig withHttpSecurity(HttpSecurity security) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, clock, analysisDeadline, security, studyRateLimit, signInConfig, demoSignIn);
    }

    /** How long a node has for one analysis step; raise it for nodes with large data. */
    public HubConfig withAnalysisDeadline(Duration deadline) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, clock, deadline, httpSecurity, studyRateLimit, signInConfig, demoSignIn);
    }

    public HubConfig withPorts(int grpc, int http) {
        return new HubConfig(dataDir, grpc, http, bindAddress, advertiseHosts, heartbeatInterval, clock, analysisDeadline, httpSecurity, studyRateLimit, signInConfig, demoSignIn);
    }

    public HubConfig withBindAddress(String address) {
        return new HubConfig(dataDir, grpcPort, httpPort, address, advertiseHosts, heartbeatInterval, clock, analysisDeadline, httpSecurity, studyRateLimit, signInConfig, demoSignIn);
    }

    public HubConfig withAdvertiseHosts(List<String> hosts) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, hosts, heartbeatInterval, clock, analysisDeadline, httpSecurity, studyRateLimit, signInConfig, demoSignIn);
    }

    public HubConfig withHeartbeatInterval(Duration interval) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, interval, clock, analysisDeadline, httpSecurity, studyRateLimit, signInConfig, demoSignIn);
    }

    /** How many studies one organisation may create per window. */
    public HubConfig withStudyRateLimit(StudyRateLimit limit) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, clock, analysisDeadline, httpSecurity, limit, signInConfig, demoSignIn);
    }

    /** Serves the operator console and the researcher workspace, people signing in through the provider of this file. */
    /** For {@code fedra demo --keep} only: the hub's pages with the demo's sign-in (see {@link #demoSignIn}). */
    public HubConfig withDemoSignIn() {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, clock, analysisDeadline, httpSecurity, studyRateLimit, signInConfig, true);
    }

    public HubConfig withSignInConfig(Path file) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, clock, analysisDeadline, httpSecurity, studyRateLimit, file, demoSignIn);
    }

    public HubConfig withClock(Clock c) {
        return new HubConfig(dataDir, grpcPort, httpPort, bindAddress, advertiseHosts, heartbeatInterval, c, analysisDeadline, httpSecurity, studyRateLimit, signInConfig, demoSignIn);
    }
}
