package org.fedra.hub;

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
import org.fedra.hub.job.Jobs;
import org.fedra.hub.study.StudyRegistry;
import org.fedra.hub.training.ModelRegistry;
import org.fedra.hub.training.TrainingJobs;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditHeadSchedule;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of a hub, in one place: data directory (CA, keys), database, audit log, node registry, enrolments, task
 * dispatcher, studies, models, training jobs, analysis jobs, catalog, the gRPC endpoint nodes dial into (mutual TLS)
 * and the HTTP API; and their start and stop in order. {@link Hub} is its public face.
 */
final class HubRuntime {
    private static final Logger log = LoggerFactory.getLogger(HubRuntime.class);
    /** Largest gRPC message the hub accepts: a chunk plus headroom. */
    static final int MAX_MESSAGE = 8 << 20;
    /** How long a training round waits for its nodes to (re)connect, e.g. after a hub restart. */
    private static final Duration TRAINING_NODE_WAIT = Duration.ofSeconds(20);
    /** How long a node has to answer a study proposal; a node offline longer is asked again before each analysis. */
    private static final Duration PROPOSAL_DEADLINE = Duration.ofSeconds(15);

    final HubConfig config;
    final HubDataDir dataDir;
    final HubDatabase database;
    final AuditLog audit;
    final NodeRegistry registry;
    final Enrolments enrolments;
    private final EnrolmentGuard enrolmentGuard;
    private final NodeAuditHeads auditHeads;
    final TaskDispatcher dispatcher;
    final Catalog catalog;
    final org.fedra.hub.security.PostureBook postures;
    final org.fedra.hub.security.SecurityBoard security;
    final org.fedra.hub.security.NetworkMap network;
    final org.fedra.hub.security.Quarantine quarantine;
    final QuarantineEnforcement enforcement;
    final org.fedra.hub.security.Alerts alerts;
    final StudyRegistry studies;
    final ModelRegistry models;
    final TrainingJobs training;
    final Jobs jobs;
    final Map<String, NodeSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> daemon(r, "hub-timers"));
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> daemon(r, "hub-sender"));
    private Server grpc;
    private HubApi api;

    HubRuntime(HubConfig config) throws IOException {
        this.config = config;
        SecureRandom random = new SecureRandom();
        org.fedra.protocol.pki.OwnerOnlyDirectory.prepare(config.dataDir()).forEach(w -> log.warn("{}", w));
        this.dataDir = HubDataDir.openOrCreate(config.dataDir(), config.advertiseHosts(), config.clock().instant(), random);
        this.database = new HubDatabase(config.dataDir(), dataDir.databaseCredentials(random));
        try {
            this.audit = AuditLog.open(config.dataDir(), dataDir.hubKey(), dataDir.hubCertificate(), config.clock(), Principal.hub());
            this.registry = new NodeRegistry(database.dataSource());
            registry.markAllOffline();
            this.enrolmentGuard = EnrolmentGuard.defaults(audit, config.clock());
            this.enrolments = new Enrolments(database.dataSource(), dataDir.ca(), audit, config.clock(), random, enrolmentGuard);
            this.dispatcher = new TaskDispatcher(sessions, registry, database.dataSource(), audit, config.clock(), timers, senders);
            this.studies = new StudyRegistry(database.dataSource(), registry, dispatcher, audit, config.clock(), PROPOSAL_DEADLINE,
                    config.studyRateLimit());
            this.models = new ModelRegistry(database.dataSource(), config.clock());
            this.training = new TrainingJobs(database.dataSource(), models, studies, registry, dispatcher, config.clock(),
                    config.analysisDeadline(), TRAINING_NODE_WAIT);
            this.jobs = new Jobs(database.dataSource(), studies, dispatcher, training, audit, config.clock(), config.analysisDeadline());
            this.catalog = new Catalog(database.dataSource());
            this.postures = new org.fedra.hub.security.PostureBook(database.dataSource(),
                    nodeId -> registry.find(nodeId).map(NodeRecord::certificateFingerprint));
            this.security = new org.fedra.hub.security.SecurityBoard(database.dataSource(), postures, audit, config.clock());
            this.network = new org.fedra.hub.security.NetworkMap(database.dataSource(), security, audit, config.clock());
            this.quarantine = new org.fedra.hub.security.Quarantine(database.dataSource(), audit, config.clock());
            this.alerts = new org.fedra.hub.security.Alerts(database.dataSource(), audit, config.clock(), quarantine);
            training.onOutlier((study, node, why) -> alerts.raise(org.fedra.hub.security.AlertKind.OUTLIER_UPDATE, node, study, why));
            enrolmentGuard.onBurst((source, detail) -> alerts.raise(org.fedra.hub.security.AlertKind.ENROLMENT_BURST, null, null, detail));
            this.enforcement = new QuarantineEnforcement(quarantine, security, registry, studies, dispatcher, jobs, sessions, alerts);
            this.auditHeads = new NodeAuditHeads(new HeldAuditHeads(database.dataSource()), registry, audit, dataDir.hubCertificate(),
                    dataDir.ca().certificate(), config.clock(), new AuditHeadSchedule(AuditHeadSchedule.EVERY_ENTRIES, AuditHeadSchedule.INTERVAL));
        } catch (RuntimeException e) {
            stopExecutors();
            database.close();
            throw e;
        }
    }

    /** Starts the servers and picks up the work a previous process left running. */
    void start(Hub hub) throws IOException {
        try {
            int[] previous = dataDir.previousPorts();
            int grpcPort = config.grpcPort() != 0 ? config.grpcPort() : previous[0];
            int httpPort = config.httpPort() != 0 ? config.httpPort() : previous[1];
            FederationService federation = new FederationService(sessions, registry, dispatcher, catalog, audit, config.clock(), config.heartbeatInterval(),
                    auditHeads, postures);
            enforcement.install(federation);
            auditHeads.onFailure((node, what) -> alerts.raise(org.fedra.hub.security.AlertKind.AUDIT_LOG_FAILED_VERIFICATION, node, null, what));
            NodeAuthenticator auth = new NodeAuthenticator(registry, new AuthenticationAlerts(alerts, config.clock()));
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
            org.fedra.web.OidcProvider signIn = config.signInConfig() == null ? null : org.fedra.web.OidcProvider.discover(
                    org.fedra.web.SignInSettings.load(config.signInConfig(), org.fedra.web.SignInSettings.HUB_ROLES), config.clock());
            this.api = HubApi.start(hub, config.bindAddress(), httpPort, config.httpTls() ? dataDir.httpsContext() : null, signIn,
                    config.demoSignIn(), audit, database.dataSource());
            dataDir.recordPorts(grpc.getPort(), api.port(), config.httpTls());
            timers.scheduleWithFixedDelay(() -> auditHeads.broadcast(sessions.values()), 5, 5, TimeUnit.SECONDS);
            timers.scheduleWithFixedDelay(this::summariseEnrolments, 1, 1, TimeUnit.MINUTES);
            timers.scheduleAtFixedRate(this::dropSilentNodes, config.heartbeatInterval().toMillis(), config.heartbeatInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
            int resumed = training.resumeRunning();
            if (resumed > 0) {
                audit.append(AuditAction.TRAINING_RESUMED, resumed + " training job(s) resumed at the round they were in");
            }
            jobs.resumeInterrupted();
            audit.append(AuditAction.HUB_STARTED, "gRPC port " + grpc.getPort() + ", HTTP port " + api.port());
            // the database, the audit log and hub.json were created under the process's umask
            org.fedra.protocol.pki.OwnerOnlyDirectory.tighten(config.dataDir());
            log.info("hub started: nodes connect to port {}, HTTP API on port {} ({}), data in {}", grpc.getPort(), api.port(),
                    config.httpTls() ? "TLS" : "plain HTTP", config.dataDir());
        } catch (IOException | RuntimeException e) {
            if (api != null) api.stop();
            if (grpc != null) grpc.shutdownNow();
            stopExecutors();
            database.close();
            throw e;
        }
    }

    int grpcPort() {
        return grpc.getPort();
    }

    int httpPort() {
        return api.port();
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
    void close() {
        training.close();
        jobs.close();
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
        stopExecutors();
        registry.markAllOffline();
        enrolmentGuard.summarise();
        audit.append(AuditAction.HUB_STOPPED, "graceful shutdown");
        database.close();
        log.info("hub stopped");
    }

    private void stopExecutors() {
        timers.shutdownNow();
        senders.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
