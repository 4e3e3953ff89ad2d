package org.fedra.hub;

import java.io.IOException;
import java.time.Duration;
import org.fedra.hub.job.Jobs;
import org.fedra.hub.study.StudyService;
import org.fedra.hub.training.ModelRegistry;
import org.fedra.hub.training.TrainingJobs;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.EnrolmentToken;

/**
 * A running hub: the federation CA, the node registry, the gRPC endpoint nodes dial into (mutual TLS), studies and
 * their analysis jobs, training and the model registry, and the HTTP API for people. Its parts are wired by
 * {@link HubRuntime}. Start with {@link #start(HubConfig)}, stop with {@link #close()}.
 */
public final class Hub implements AutoCloseable {
    private final HubRuntime runtime;

    private Hub(HubRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts a hub; creates the data directory (CA, database, operator token) on first start. */
    public static Hub start(HubConfig config) throws IOException {
        HubRuntime runtime = new HubRuntime(config);
        Hub hub = new Hub(runtime);
        runtime.start(hub);
        return hub;
    }

    public int grpcPort() {
        return runtime.grpcPort();
    }

    public int httpPort() {
        return runtime.httpPort();
    }

    /** Whether the HTTP API speaks TLS. */
    public boolean httpTls() {
        return runtime.config.httpTls();
    }

    /**
     * A URL of the HTTP API a client can use: the bind address when it is a specific one, else the first advertised
     * host, else this machine's name ({@code 0.0.0.0} is no address to connect to).
     */
    public String apiUrl(java.util.List<String> advertiseHosts) {
        String bind = runtime.config.bindAddress();
        String host;
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            host = bind;
        } else if (!advertiseHosts.isEmpty()) {
            host = advertiseHosts.get(0);
        } else {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (httpTls() ? "https" : "http") + "://" + host + ":" + httpPort() + "/api";
    }

    public String operatorToken() {
        return runtime.dataDir.operatorToken();
    }

    /** The hub's own TLS certificate (issued by the federation CA). */
    public java.security.cert.X509Certificate hubCertificate() {
        return runtime.dataDir.hubCertificate();
    }

    /** Where the hub keeps its CA, database and audit log. */
    public java.nio.file.Path dataDirectory() {
        return runtime.config.dataDir();
    }

    public java.security.cert.X509Certificate caCertificate() {
        return runtime.dataDir.ca().certificate();
    }

    public NodeRegistry nodes() {
        return runtime.registry;
    }

    /** The latest data inventory each node published. */
    public Catalog catalog() {
        return runtime.catalog;
    }

    /** The latest signed security posture of each node (issue 15). */
    public org.fedra.hub.security.PostureBook postures() {
        return runtime.postures;
    }

    /** The security index of every network node on live data: feed, postures, declared findings, history. */
    public org.fedra.hub.security.SecurityBoard security() {
        return runtime.security;
    }

    /** The interconnection topology and secure path computation over it. */
    public org.fedra.hub.security.NetworkMap network() {
        return runtime.network;
    }

    /** Studies, their contracts with the nodes, and what was released for them. */
    /** The alerts of the hub's threat detections, and the studies their responses suspended. */
    public org.fedra.hub.security.Alerts alerts() {
        return runtime.alerts;
    }

    /**
     * The operator releases a node from the quarantines alerts put it in.
     *
     * @throws org.fedra.protocol.failure.Failure NOT_FOUND when no alert holds the node
     */
    public int releaseNode(String nodeId, String by) {
        int n = runtime.quarantine.releaseHolds(nodeId, by);
        if (n == 0) {
            throw org.fedra.protocol.failure.Failure.notFound("no alert holds node " + nodeId + " in quarantine (a quarantine for a low security index "
                    + "ends when the index recovers)");
        }
        return n;
    }

    /** The quarantines in force and the federation's minimum security index. */
    public org.fedra.hub.security.Quarantine quarantine() {
        return runtime.quarantine;
    }

    /**
     * Sets the federation's minimum security index (0: none) and applies it at once: nodes below are quarantined,
     * nodes above released.
     */
    public void setFederationMinimum(double minimum, String by) {
        runtime.quarantine.setFederationMinimum(minimum, by);
        runtime.enforcement.evaluate();
    }

    public StudyService studies() {
        return runtime.studies;
    }

    /** Analysis jobs: every analysis of a study runs as one, with progress events and cancellation. */
    public Jobs jobs() {
        return runtime.jobs;
    }

    /** Federated training jobs of studies; jobs left running by a previous start resume automatically. */
    public TrainingJobs training() {
        return runtime.training;
    }

    /** The model registry: trained models with their lineage and metrics. */
    public ModelRegistry models() {
        return runtime.models;
    }

    /** How long a node has for one analysis step (from the configuration). */
    Duration analysisDeadline() {
        return runtime.config.analysisDeadline();
    }

    public TaskDispatcher tasks() {
        return runtime.dispatcher;
    }

    /** Issues a single-use enrolment token for an organisation. */
    public EnrolmentToken issueToken(String organisation, Duration validity) {
        return runtime.enrolments.issue(organisation, validity);
    }

    /** Revokes a node: its stream is closed now and it is refused from then on. Returns false if already revoked. */
    public boolean revoke(String nodeId, String reason) {
        // told to the node, listed by the CLI and logged: no forged lines (issue 18 finding 12)
        reason = org.fedra.protocol.json.FreeText.require("reason", reason, 500);
        if (runtime.registry.find(nodeId).isEmpty()) {
            throw new IllegalArgumentException("no node " + nodeId + " is enrolled");
        }
        boolean changed = runtime.registry.revoke(nodeId, reason, runtime.config.clock().instant());
        if (changed) {
            runtime.audit.append(AuditAction.NODE_REVOKED, Principal.operator(""), nodeId + ": " + reason);
            NodeSession s = runtime.sessions.remove(nodeId);
            if (s != null) {
                s.revoke(reason);
            }
            runtime.dispatcher.revoked(nodeId);
        }
        return changed;
    }

    /** Stops accepting calls, closes every node's stream, and releases the database. */
    @Override
    public void close() {
        runtime.close();
    }
}
