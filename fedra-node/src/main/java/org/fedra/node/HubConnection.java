package org.fedra.node;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.fedra.node.audit.HubAuditHeads;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.TlsContexts;
import org.fedra.protocol.transfer.PayloadAssembler;
import org.fedra.protocol.v1.FederationGrpc;
import org.fedra.protocol.v1.Heartbeat;
import org.fedra.protocol.v1.Hello;
import org.fedra.protocol.v1.HubMessage;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.TaskChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's connection to its hub: one stream at a time over mutual TLS, heartbeats, reassembly of chunked tasks
 * (handed to the {@link TaskRunner}), cancellations, and reconnection with exponential backoff and jitter whenever the
 * hub goes away. Stops for good only when closed or when the hub refuses the node (revocation).
 */
final class HubConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HubConnection.class);

    private final NodeConfig config;
    private final NodeIdentity identity;
    private final AuditLog audit;
    private final TaskRunner tasks;
    private final HubAuditHeads auditHeads;
    private final Runnable onStop;
    private final ManagedChannel channel;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> NodeRuntime.daemon(r, "node-heartbeat"));
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread loop;
    private volatile boolean closing;
    private volatile CountDownLatch connected = new CountDownLatch(1);
    private volatile StreamObserver<NodeMessage> current;
    private volatile Runnable onConnected = () -> { };

    /**
     * @param auditHeads sends the node's audit heads up each stream and keeps the hub's
     * @param onStop     releases the node's resources once the connection stops for good (on the connection's thread)
     */
    HubConnection(NodeConfig config, NodeIdentity identity, AuditLog audit, TaskRunner tasks, HubAuditHeads auditHeads, Runnable onStop) {
        this.config = config;
        this.identity = identity;
        this.audit = audit;
        this.tasks = tasks;
        this.auditHeads = auditHeads;
        this.onStop = onStop;
        this.channel = NettyChannelBuilder.forTarget(identity.hubAddress())
                .sslContext(TlsContexts.nodeClient(identity.key().getPrivate(), List.of(identity.certificate()), identity.caCertificate()))
                .maxInboundMessageSize(8 << 20)
                .keepAliveTime(20, TimeUnit.SECONDS)
                .build();
        this.loop = new Thread(this::run, "node-connection");
        this.loop.setDaemon(true);
    }

    void start() {
        loop.start();
        timers.scheduleWithFixedDelay(auditHeads::tick, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Sends a message up the current stream.
     *
     * @throws IllegalStateException the node is not connected
     */
    void send(NodeMessage m) {
        StreamObserver<NodeMessage> out = current;
        if (out == null || connected.getCount() > 0) {
            throw new IllegalStateException("not connected to the hub");
        }
        synchronized (out) {
            out.onNext(m);
        }
    }

    /** Runs after each stream is welcomed by the hub (on the gRPC thread: must hand longer work to its own thread). */
    void onConnected(Runnable r) {
        this.onConnected = r;
    }

    /** Whether a stream to the hub is open and welcomed now. */
    boolean isConnected() {
        return !closing && current != null && connected.getCount() == 0;
    }

    boolean awaitConnected(Duration timeout) throws InterruptedException {
        return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<Void> terminated() {
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
                // said once: the node's terminated() carries it to whoever runs the node (the command line prints it)
                log.debug(reason);
                audit.append(AuditAction.NODE_REFUSED, reason);
                stop();
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
        stop();
        terminated.complete(null);
    }

    private synchronized void stop() {
        if (channel.isShutdown()) {
            return;
        }
        channel.shutdownNow();
        timers.shutdownNow();
        onStop.run();
    }

    /** One stream's lifetime. gRPC calls these methods one at a time. */
    private final class Session implements StreamObserver<HubMessage> {
        volatile StreamObserver<NodeMessage> out;
        volatile boolean welcomed;
        final AtomicReference<String> revokedReason = new AtomicReference<>();
        private final CompletableFuture<Status> ended = new CompletableFuture<>();
        private final Map<String, PayloadAssembler> incoming = new HashMap<>();
        private volatile ScheduledFuture<?> heartbeats;
        private long beats;

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
                    onConnected.run();
                }
                case TASK -> chunk(m.getTask());
                case CANCEL -> tasks.cancel(m.getCancel().getJobId(), m.getCancel().getReason());
                case REVOKED -> revokedReason.set(m.getRevoked().getReason());
                case AUDIT_HEAD -> auditHeads.received(m.getAuditHead());
                case QUARANTINE -> quarantine(m.getQuarantine());
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

        /** The hub quarantined or released this node: the node's own log keeps it too (both sides audit). */
        private void quarantine(org.fedra.protocol.v1.QuarantineNotice n) {
            String scope = n.getScope().isEmpty() || n.getScope().startsWith("alert-") ? "the federation" : "study " + n.getScope();
            if (n.getQuarantined()) {
                audit.append(AuditAction.NODE_QUARANTINED, "the hub quarantined this node from " + scope + ": " + n.getReason());
                log.warn("the hub quarantined this node from {}: {}", scope, n.getReason());
            } else {
                audit.append(AuditAction.NODE_RELEASED, "the hub released this node from " + scope + ": " + n.getReason());
                log.info("the hub released this node from {}: {}", scope, n.getReason());
            }
        }

        Status awaitEnd() {
            return ended.join();
        }

        void stopHeartbeats() {
            if (heartbeats != null) {
                heartbeats.cancel(false);
            }
        }

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
                tasks.submit(task, m -> {
                    synchronized (replyTo) {
                        replyTo.onNext(m);
                    }
                });
            }
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
            stop();
        }
    }
}
