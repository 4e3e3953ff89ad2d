package org.fedra.hub;

import org.fedra.protocol.audit.AuditAction;
import org.fedra.hub.analysis.feasibility.FeasibilityService;
import org.fedra.hub.study.StudyRegistry;
import org.fedra.hub.study.StudyService;
import org.fedra.hub.training.ModelRegistry;
import org.fedra.hub.training.TrainingJobs;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fedra.protocol.audit.AuditHeadSchedule;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.pki.EnrolmentToken;
import org.fedra.protocol.pki.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: the federation CA, the node registry, the gRPC endpoint nodes dial into (mutual
 * TLS) and the HTTP API for people. Start with {@link #start(HubConfig)}, stop with {@link #close()}.
 */
public final class Hub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    /** Largest gRPC message the hub accepts: a chunk plus headroom. */
    static final int MAX_MESSAGE = 8 << 20;

    private final HubConfig config;
    private final HubDataDir dataDir;
    private final HubDatabase database;
    private final AuditLog audit;
    private final NodeRegistry registry;
    private final Enrolments enrolments;
    private final EnrolmentGuard enrolmentGuard;
    private final TaskDispatcher dispatcher;
    private final Catalog catalog;
    private final StudyService studies;
    private final ModelRegistry models;
    private final TrainingJobs training;
    /** How long a training round waits for its nodes to (re)connect, e.g. after a hub restart. */
    private static final Duration TRAINING_NODE_WAIT = Duration.ofSeconds(20);
    private final FeasibilityService feasibility;
    /** How long a node has to answer a study proposal; a node offline longer is asked again before each analysis. */
    private static final Duration PROPOSAL_DEADLINE = Duration.ofSeconds(15);
    /** How long a node has to answer an analysis task. */
    private final Map<String, NodeSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> daemon(r, "hub-timers"));
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> daemon(r, "hub-sender"));
    private final Server grpc;
    private final HubApi api;

    private Hub(HubConfig config) throws IOException {
        this.config = config;
        SecureRandom random = new SecureRandom();
        this.dataDir = HubDataDir.openOrCreate(config.dataDir(), config.advertiseHosts(), config.clock().instant(), random);
        this.database = new HubDatabase(config.dataDir());
        try {
            this.audit = AuditLog.open(config.dataDir(), dataDir.hubKey(), dataDir.hubCertificate(), config.clock(), org.fedra.protocol.audit.Principal.hub());
            this.registry = new NodeRegistry(database.dataSource());
            registry.markAllOffline();
            this.enrolmentGuard = EnrolmentGuard.defaults(audit, config.clock());
            this.enrolments = new Enrolments(database.dataSource(), dataDir.ca(), audit, config.clock(), random, enrolmentGuard);
            this.dispatcher = new TaskDispatcher(sessions, registry, database.dataSource(), audit, config.clock(), timers, senders);
            this.studies = new StudyRegistry(database.dataSource(), registry, dispatcher, audit, config.clock(), PROPOSAL_DEADLINE);
            this.models = new ModelRegistry(database.dataSource(), config.clock());
            this.training = new TrainingJobs(database.dataSource(), models, studies, registry, dispatcher, config.clock(),
                    config.analysisDeadline(), TRAINING_NODE_WAIT);
            this.feasibility = new FeasibilityService(studies, dispatcher, config.analysisDeadline());
            int[] previous = dataDir.previousPorts();
            int grpcPort = config.grpcPort() != 0 ? config.grpcPort() : previous[0];
            int httpPort = config.httpPort() != 0 ? config.httpPort() : previous[1];
            this.catalog = new Catalog(database.dataSource());
            NodeAuditHeads auditHeads = new NodeAuditHeads(new HeldAuditHeads(database.dataSource()), registry, audit, dataDir.hubCertificate(),
                    dataDir.ca().certificate(), config.clock(), new AuditHeadSchedule(AuditHeadSchedule.EVERY_ENTRIES, AuditHeadSchedule.INTERVAL));
            FederationService federation = new FederationService(sessions, registry, dispatcher, catalog, audit, config.clock(), config.heartbeatInterval(),
                    auditHeads);
            NodeAuthenticator auth = new NodeAuthenticator(registry);
            this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindAddress(), grpcPort))
                    .sslContext(TlsContexts.hubServer(dataDir.hubKey().getPrivate(), List.of(dataDir.hubCertificate(), dataDir.ca().certificate()),
                            dataDir.ca().certificate()))
                    .maxInboundMessageSize(MAX_MESSAGE)
                    .permitKeepAliveTime(5, TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .addService(ServerInterceptors.intercept(new EnrolmentService(enrolments, dataDir.ca()), auth, EnrolmentService.sourceAddress()))
                    .addService(ServerInterceptors.intercept(federation, auth))
                    .addService(ServerInterceptors.intercept(new DiagnosticsService(), auth))
                    .addService(ServerInterceptors.intercept(new AuditHeadsService(auditHeads.held()), auth))
                    .build()
                    .start();
            this.api = HubApi.start(this, config.bindAddress(), httpPort);
            dataDir.recordPorts(grpc.getPort(), api.port());
            timers.scheduleWithFixedDelay(() -> auditHeads.broadcast(sessions.values()), 5, 5, TimeUnit.SECONDS);
            timers.scheduleWithFixedDelay(this::summariseEnrolments, 1, 1, TimeUnit.MINUTES);
            timers.scheduleAtFixedRate(this::dropSilentNodes, config.heartbeatInterval().toMillis(), config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
            int resumed = training.resumeRunning();
            if (resumed > 0) {
                audit.append(AuditAction.TRAINING_RESUMED, resumed + " training job(s) resumed at the round they were in");
            }
            audit.append(AuditAction.HUB_STARTED, "gRPC port " + grpc.getPort() + ", HTTP port " + api.port());
            log.info("hub started: nodes connect to port {}, HTTP API on port {}, data in {}", grpc.getPort(), api.port(), config.dataDir());
        } catch (IOException | RuntimeException e) {
            database.close();
            timers.shutdownNow();
            senders.shutdownNow();
            throw e;
        }
    }

    /** Starts a hub; creates the data directory (CA, database, operator token) on first start. */
    public static Hub start(HubConfig config) throws IOException {
        return new Hub(config);
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public int httpPort() {
        return api.port();
    }

    public String operatorToken() {
        return dataDir.operatorToken();
    }

    public java.security.cert.X509Certificate caCertificate() {
        return dataDir.ca().certificate();
    }

    public NodeRegistry nodes() {
        return registry;
    }

    /** The latest data inventory each node published. */
    public Catalog catalog() {
        return catalog;
    }

    /** Studies, their contracts with the nodes, and what was released for them. */
    public StudyService studies() {
        return studies;
    }

    /** Federated training jobs of studies; jobs left running by a previous start resume automatically. */
    public TrainingJobs training() {
        return training;
    }

    /** The model registry: trained models with their lineage and metrics. */
    public ModelRegistry models() {
        return models;
    }

    /** Feasibility queries of studies across their nodes. */
    public FeasibilityService feasibility() {
        return feasibility;
    }

    /** How long a node has for one analysis step (from the configuration). */
    Duration analysisDeadline() {
        return config.analysisDeadline();
    }

    public TaskDispatcher tasks() {
        return dispatcher;
    }

    /** Issues a single-use enrolment token for an organisation. */
    public EnrolmentToken issueToken(String organisation, Duration validity) {
        return enrolments.issue(organisation, validity);
    }

    /** Revokes a node: its stream is closed now and it is refused from then on. Returns false if already revoked. */
    public boolean revoke(String nodeId, String reason) {
        if (registry.find(nodeId).isEmpty()) {
            throw new IllegalArgumentException("no node " + nodeId + " is enrolled");
        }
        boolean changed = registry.revoke(nodeId, reason, config.clock().instant());
        if (changed) {
            audit.append(AuditAction.NODE_REVOKED, org.fedra.protocol.audit.Principal.operator(""), nodeId + ": " + reason);
            NodeSession s = sessions.remove(nodeId);
            if (s != null) {
                s.revoke(reason);
            }
            dispatcher.revoked(nodeId);
        }
        return changed;
    }

    private void summariseEnrolments() {
        try {
            enrolmentGuard.summarise();
        } catch (RuntimeException e) {
            log.warn("refused enrolments not summarised: {}", e.getMessage()); // the next run writes them; a timer task must not throw
        }
    }

    private void dropSilentNodes() {
        java.time.Instant cutoff = config.clock().instant().minus(config.heartbeatInterval().multipliedBy(3));
        for (NodeSession s : sessions.values()) {
            if (s.lastSeen().isBefore(cutoff) && sessions.remove(s.nodeId(), s)) {
                s.close(Status.UNAVAILABLE.withDescription("no heartbeat since " + s.lastSeen()));
                registry.markOffline(s.nodeId());
                audit.append(AuditAction.NODE_DISCONNECTED, s.nodeId() + ": no heartbeat since " + s.lastSeen());
            }
        }
    }

    /** Stops accepting calls, closes every node's stream, and releases the database. */
    @Override
    public void close() {
        training.close();
        api.stop();
        for (NodeSession s : sessions.values()) {
            s.close(Status.UNAVAILABLE.withDescription("hub shutting down"));
        }
        grpc.shutdown();
        try {
            if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            grpc.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        senders.shutdownNow();
        registry.markAllOffline();
        enrolmentGuard.summarise();
        audit.append(AuditAction.HUB_STOPPED, "graceful shutdown");
        database.close();
        log.info("hub stopped");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
