package org.fedra.node;

import org.fedra.protocol.audit.AuditAction;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.fedra.node.api.NodeApi;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.StudyGate;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.ContractTaskHandler;
import org.fedra.node.study.NodePolicy;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.inventory.InventoryEntry;
import org.fedra.node.inventory.InventoryPublisher;
import org.fedra.node.inventory.InventorySnapshot;
import org.fedra.node.audit.HubAuditHeads;
import org.fedra.protocol.audit.AuditHeadSchedule;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.HeldAuditHeads;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.transfer.Chunking;
import org.fedra.protocol.transfer.PayloadAssembler;
import org.fedra.protocol.v1.FederationGrpc;
import org.fedra.protocol.v1.Heartbeat;
import org.fedra.protocol.v1.Hello;
import org.fedra.protocol.v1.HubMessage;
import org.fedra.protocol.v1.InventoryCount;
import org.fedra.protocol.v1.InventoryReport;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.TaskChunk;
import org.fedra.protocol.v1.TaskResultChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: enrols on first start, then holds one stream to the hub (mutual TLS), sends
 * heartbeats, runs the tasks that come down it with the registered handlers, and reconnects with
 * exponential backoff and jitter whenever the hub goes away. Stops for good only when closed or
 * when the hub refuses it (revocation).
 *
 * <p>It also holds the node's data layer ({@link #dataLayer()}, keys from {@link NodeDataKeys}), publishes
 * the coarsened data inventory over the stream to the hub's catalog on the configured interval (only when
 * it changed), and serves the steward's patient-rights API when configured.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final NodeConfig config;
    private final NodeIdentity identity;
    private final NodeDatabase database;
    private final NodeDataLayer dataLayer;
    private final InventoryPublisher inventoryPublisher;
    private final NodeApi api;
    private final AuditLog audit;
    private final HubAuditHeads auditHeads;
    private final TaskHandlers handlers;
    private final NodeServices services;
    private final ContractBook contracts;
    private final ManagedChannel channel;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "node-task"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node-heartbeat"));
    /**
     * The inventory has its own thread: counting a large store takes seconds, and a heartbeat that waited behind it would
     * make the hub drop the node as silent in the middle of its tasks.
     */
    private final ScheduledExecutorService inventoryTimer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node-inventory"));
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread loop;
    private volatile boolean closing;
    private volatile CountDownLatch connected = new CountDownLatch(1);
    private volatile StreamObserver<NodeMessage> current;

    private NodeAgent(NodeConfig config, NodeIdentity identity, NodeDataKeys keys, TaskHandlers handlers) {
        this.config = config;
        this.identity = identity;
        this.handlers = handlers;
        this.database = new NodeDatabase(config.dataDir());
        try {
            this.audit = AuditLog.open(config.dataDir(), identity.key(), identity.certificate(), config.clock(),
                    org.fedra.protocol.audit.Principal.node(identity.nodeId()));
            this.auditHeads = new HubAuditHeads(audit, identity.certificate(), identity.caCertificate(), new HeldAuditHeads(database.dataSource()),
                    config.clock(), new AuditHeadSchedule(AuditHeadSchedule.EVERY_ENTRIES, AuditHeadSchedule.INTERVAL));
            NodePolicy policy = NodePolicy.load(config.dataDir());
            this.dataLayer = NodeData.layer(database, config.dataDir(), keys, config.clock(), policy.consentDefaults());
            this.inventoryPublisher = new InventoryPublisher(dataLayer.inventory(), this::publish, config.inventoryInterval(), config.clock(),
                    () -> dataLayer.store().generation());
            this.contracts = new ContractBook(database.dataSource(), policy, audit, config.clock());
            this.api = config.apiPort() < 0 ? null : NodeApi.start(dataLayer, config.dataDir(), audit, config.apiBind(), config.apiPort(), contracts);
            StudyGate studies = contracts;
            handlers.register(new ContractTaskHandler(contracts));
            this.services = new NodeServices(identity.nodeId(), identity.organisation(), config.dataDir(), database.dataSource(), dataLayer,
                    audit, config.clock(), studies, DisclosureSettings.defaults());
            BuiltInTasks.install(handlers, services);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.channel = NettyChannelBuilder.forTarget(identity.hubAddress())
                .sslContext(TlsContexts.nodeClient(identity.key().getPrivate(), List.of(identity.certificate()), identity.caCertificate()))
                .maxInboundMessageSize(8 << 20)
                .keepAliveTime(20, TimeUnit.SECONDS)
                .build();
        this.loop = new Thread(this::run, "node-connection");
        this.loop.setDaemon(true);
    }

    /**
     * Starts a node. Enrols first if the data directory holds no identity yet (then a token is
     * required); a node that is already enrolled ignores the token and reuses its identity.
     *
     * @throws NodeRefusedException    the hub refused the token
     * @throws HubUnreachableException the hub could not be reached within the configured attempts
     * @throws CorruptFileException    the data directory is missing or damaged (nothing is changed)
     */
    public static NodeAgent start(NodeConfig config, TaskHandlers handlers) {
        Optional<NodeIdentity> existing = NodeIdentity.load(config.dataDir());
        NodeIdentity identity = null;
        boolean enrolled = false;
        if (existing.isPresent()) {
            identity = existing.get();
            if (config.hubAddress() != null && !config.hubAddress().equals(identity.hubAddress())) {
                identity = new NodeIdentity(identity.nodeId(), identity.organisation(), config.hubAddress(), identity.key(),
                        identity.certificate(), identity.caCertificate());
            }
        } else {
            if (config.token() == null || config.token().isBlank()) {
                throw new CorruptFileException(config.dataDir(), Files.exists(config.dataDir())
                        ? "holds no node identity (node.json); enrol with --token" : "does not exist; enrol a new node with --token");
            }
            if (config.hubAddress() == null) {
                throw new IllegalArgumentException("--hub HOST:PORT is required to enrol");
            }
        }
        // before enrolment, so that a damaged key file does not cost an enrolment token
        NodeDataKeys keys = NodeDataKeys.loadOrCreate(config.dataDir(), new java.security.SecureRandom());
        if (existing.isEmpty()) {
            identity = Enroller.enrol(config);
            enrolled = true;
        }
        NodeAgent agent = new NodeAgent(config, identity, keys, handlers);
        if (enrolled) {
            agent.audit.append(AuditAction.NODE_ENROLLED, identity.nodeId() + " (" + identity.organisation() + ") at hub " + identity.hubAddress());
        }
        agent.loop.start();
        long tick = Math.min(config.inventoryInterval().toMillis(), 5_000);
        agent.inventoryTimer.scheduleWithFixedDelay(agent::publishInventoryIfDue, tick, tick, TimeUnit.MILLISECONDS);
        agent.timers.scheduleWithFixedDelay(agent.auditHeads::tick, 5, 5, TimeUnit.SECONDS);
        return agent;
    }

    public String nodeId() {
        return identity.nodeId();
    }

    public String organisation() {
        return identity.organisation();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** The node's database, for the modules (data layer, consent) that plug into the node. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    public AuditLog audit() {
        return audit;
    }

    /** The node's data: FHIR store, consent engine, importers, patient rights, inventory, object store. */
    public NodeDataLayer dataLayer() {
        return dataLayer;
    }

    /** What the node's task handlers use: data layer, audit log, study gate. */
    public NodeServices services() {
        return services;
    }

    /** The node's study contracts (decided by its policy and its steward). */
    public ContractBook contracts() {
        return contracts;
    }

    /** The port of the local patient-rights API, or -1 when the node serves none. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    /**
     * Publishes the inventory to the hub's catalog if the interval has passed since the last publication and the
     * coarsened counts changed; returns whether it did. Runs on the node's timer; callable to publish without waiting.
     */
    public boolean publishInventoryIfDue() {
        try {
            return inventoryPublisher.tick();
        } catch (RuntimeException e) {
            // not connected or the database is busy: the next tick tries again (a timer task must not throw)
            log.debug("inventory not published: {}", e.getMessage());
            return false;
        }
    }

    private void publish(InventorySnapshot s) {
        StreamObserver<NodeMessage> out = current;
        if (out == null || connected.getCount() > 0) {
            throw new IllegalStateException("not connected to the hub");
        }
        InventoryReport.Builder r = InventoryReport.newBuilder().setTakenAtEpochMs(s.takenAt().toEpochMilli()).setSuppressed(s.suppressed());
        long patients = 0;
        long resources = 0;
        int types = 0;
        for (InventoryEntry e : s.entries()) {
            InventoryCount.Builder c = InventoryCount.newBuilder().setResourceType(e.resourceType()).setResources(e.resources()).setPatients(e.patients());
            if (e.code() != null) {
                c.setSystem(e.system() == null ? "" : e.system()).setCode(e.code());
            } else {
                types++;
                resources += e.resources();
                if (e.resourceType().equals("Patient")) {
                    patients = e.patients();
                }
            }
            r.addCounts(c);
        }
        synchronized (out) {
            out.onNext(NodeMessage.newBuilder().setInventory(r).build());
        }
        audit.append(AuditAction.INVENTORY_PUBLISHED, s.entries().size() + " entries (" + types + " resource types), " + s.suppressed()
                + " suppressed; totals (coarsened): " + patients + " patients, " + resources + " resources");
    }

    /** Waits until the node holds a live stream to the hub. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes when the node stops for good: normally on close, exceptionally when the hub refused it. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    private void run() {
        Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), new java.util.Random());
        int attempt = 0;
        while (!closing) {
            Session s = new Session();
            channel.resetConnectBackoff();
            StreamObserver<NodeMessage> out = FederationGrpc.newStub(channel).connect(s);
            s.out = out;
            current = out;
            synchronized (out) {
                out.onNext(NodeMessage.newBuilder().setHello(Hello.newBuilder().setSoftwareVersion(config.softwareVersion())).build());
            }
            Status end = s.awaitEnd();
            current = null;
            auditHeads.disconnected();
            s.stopHeartbeats();
            connected = new CountDownLatch(1);
            if (closing) {
                break;
            }
            if (s.welcomed) {
                attempt = 0;
                audit.append(AuditAction.HUB_DISCONNECTED, end.getCode() + (end.getDescription() == null ? "" : ": " + end.getDescription()));
            }
            if (s.revokedReason.get() != null || end.getCode() == Status.Code.PERMISSION_DENIED || end.getCode() == Status.Code.UNAUTHENTICATED) {
                String reason = s.revokedReason.get() != null ? "this node has been revoked by the hub: " + s.revokedReason.get()
                        : "the hub refuses this node: " + end.getDescription();
                log.error(reason);
                audit.append(AuditAction.NODE_REFUSED, reason);
                shutdownResources();
                terminated.completeExceptionally(new NodeRefusedException(reason));
                return;
            }
            Duration wait = backoff.delay(attempt++);
            log.warn("{} the hub at {} ({}); reconnecting in {} ms", s.welcomed ? "lost the connection to" : "cannot reach",
                    identity.hubAddress(), Enroller.describe(new StatusRuntimeException(end)), wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        shutdownResources();
        terminated.complete(null);
    }

    /** One stream's lifetime. gRPC calls these methods one at a time. */
    private final class Session implements StreamObserver<HubMessage> {
        volatile StreamObserver<NodeMessage> out;
        volatile boolean welcomed;
        final AtomicReference<String> revokedReason = new AtomicReference<>();
        private final CompletableFuture<Status> ended = new CompletableFuture<>();
        private final Map<String, PayloadAssembler> incoming = new HashMap<>();
        private volatile ScheduledFuture<?> heartbeats;

        @Override
        public void onNext(HubMessage m) {
            switch (m.getKindCase()) {
                case WELCOME -> {
                    welcomed = true;
                    long interval = Math.max(100, m.getWelcome().getHeartbeatIntervalMs());
                    heartbeats = timers.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
                    audit.append(AuditAction.HUB_CONNECTED, "stream open to " + identity.hubAddress());
                    StreamObserver<NodeMessage> stream = out;
                    auditHeads.connected(head -> {
                        synchronized (stream) {
                            stream.onNext(NodeMessage.newBuilder().setAuditHead(head).build());
                        }
                    });
                    log.info("connected to the hub at {} as {} ({})", identity.hubAddress(), identity.nodeId(), identity.organisation());
                    connected.countDown();
                }
                case TASK -> chunk(m.getTask());
                case REVOKED -> revokedReason.set(m.getRevoked().getReason());
                case AUDIT_HEAD -> auditHeads.received(m.getAuditHead());
                default -> log.warn("ignoring an unknown message from the hub");
            }
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            ended.complete(Status.UNAVAILABLE.withDescription("the hub closed the stream"));
        }

        Status awaitEnd() {
            return ended.join();
        }

        void stopHeartbeats() {
            if (heartbeats != null) {
                heartbeats.cancel(false);
            }
        }

        private long beats;

        private void heartbeat() {
            try {
                synchronized (out) {
                    out.onNext(NodeMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(++beats)).build());
                }
            } catch (RuntimeException e) {
                // the stream is ending; the loop reconnects
            }
        }

        private void chunk(TaskChunk c) {
            PayloadAssembler a = incoming.computeIfAbsent(c.getTaskId(), id -> new PayloadAssembler(c.getChunkCount(), c.getTotalSize()));
            if (a.add(c.getChunkIndex(), c.getData())) {
                incoming.remove(c.getTaskId());
                TaskInput task = new TaskInput(c.getTaskId(), c.getJobId(), c.getType(), a.payload(), Instant.ofEpochMilli(c.getDeadlineEpochMs()));
                StreamObserver<NodeMessage> replyTo = out;
                workers.execute(() -> runTask(task, replyTo));
            }
        }
    }

    private void runTask(TaskInput task, StreamObserver<NodeMessage> replyTo) {
        Instant received = config.clock().instant();
        record(task, received);
        audit.append(AuditAction.TASK_RECEIVED, "task " + task.taskId() + " (job " + task.jobId() + ", type " + task.type() + ", "
                + task.payload().length + " bytes)");
        byte[] result = new byte[0];
        String error = null;
        Optional<TaskHandler> handler = handlers.find(task.type());
        if (handler.isEmpty()) {
            error = "this node has no handler for task type '" + task.type() + "' (it runs: " + String.join(", ", handlers.types()) + ")";
        } else {
            try {
                result = handler.get().handle(task);
            } catch (Exception e) {
                error = task.type() + " failed: " + e.getMessage();
            }
        }
        if (error == null && config.clock().instant().isAfter(task.deadline())) {
            error = "finished after the task's deadline of " + task.deadline();
        }
        sendResult(task, result, error, replyTo);
        finish(task, error == null, result.length, error);
        audit.append(AuditAction.TASK_RESULT_SENT, "task " + task.taskId() + (error == null ? ": " + result.length + " bytes" : ": failed: " + error));
    }

    private void sendResult(TaskInput task, byte[] result, String error, StreamObserver<NodeMessage> replyTo) {
        List<com.google.protobuf.ByteString> chunks = Chunking.split(error == null ? result : new byte[0]);
        try {
            synchronized (replyTo) {
                for (int i = 0; i < chunks.size(); i++) {
                    TaskResultChunk.Builder c = TaskResultChunk.newBuilder().setTaskId(task.taskId()).setOk(error == null)
                            .setChunkIndex(i).setChunkCount(chunks.size()).setTotalSize(error == null ? result.length : 0).setData(chunks.get(i));
                    if (error != null) {
                        c.setError(error);
                    }
                    replyTo.onNext(NodeMessage.newBuilder().setResult(c).build());
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not send the result of task {}: the stream to the hub is gone", task.taskId());
        }
    }

    private void record(TaskInput task, Instant at) {
        sql("MERGE INTO node_tasks (id, job_id, type, received_at, status, payload_size) KEY (id) VALUES (?,?,?,?,?,?)",
                task.taskId(), task.jobId(), task.type(), Timestamp.from(at), "running", (long) task.payload().length);
    }

    private void finish(TaskInput task, boolean ok, long resultSize, String error) {
        sql("UPDATE node_tasks SET finished_at = ?, status = ?, result_size = ?, error = ? WHERE id = ?",
                Timestamp.from(config.clock().instant()), ok ? "succeeded" : "failed", resultSize, error, task.taskId());
    }

    private void sql(String sql, Object... args) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            log.warn("could not record task {} in the node database: {}", args[args.length - 1], e.getMessage());
        }
    }

    /** Closes the stream and stops; tasks in flight are abandoned (the hub fails them at their deadline). */
    @Override
    public void close() {
        closing = true;
        StreamObserver<NodeMessage> out = current;
        if (out != null) {
            try {
                synchronized (out) {
                    out.onCompleted();
                }
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        loop.interrupt();
        try {
            terminated.handle((v, e) -> null).get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            shutdownResources();
        }
    }

    private synchronized void shutdownResources() {
        if (channel.isShutdown()) {
            return;
        }
        channel.shutdownNow();
        // This runs on the connection thread that close() interrupted; Jetty's stop waits, and an interrupted wait threw
        // out of here before the database was closed, leaving H2 open (and rewriting files) after the node had stopped.
        boolean interrupted = Thread.interrupted();
        try {
            if (api != null) {
                api.stop();
            }
        } catch (RuntimeException e) {
            log.warn("the node API did not stop cleanly: {}", e.getMessage());
        } finally {
            workers.shutdownNow();
            timers.shutdownNow();
            inventoryTimer.shutdownNow();
            try {
                // a snapshot in progress reads the database: let it end before the database closes
                inventoryTimer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            database.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
