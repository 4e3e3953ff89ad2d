package org.fedra.hub;

import org.fedra.protocol.audit.AuditAction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.FailureReason;

/**
 * Sends tasks to nodes and correlates their results. A task to a node that is offline waits for it
 * until the deadline; a task whose node does not answer in time fails at the deadline with the
 * reason. Every task and outcome is recorded in the hub database and audited. Cancelling an analysis job fails its
 * tasks at once and tells their nodes to stop ({@code CancelJob}); a task it sends later fails at once.
 */
public final class TaskDispatcher {
    private final class Pending {
        final String taskId;
        final String nodeId;
        final TaskRequest request;
        final Instant submittedAt;
        final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
        volatile boolean delivered;
        volatile ScheduledFuture<?> timer;

        Pending(String taskId, String nodeId, TaskRequest request, Instant submittedAt) {
            this.taskId = taskId;
            this.nodeId = nodeId;
            this.request = request;
            this.submittedAt = submittedAt;
        }
    }

    /** Told of a node's progress on a task of an analysis job. */
    @FunctionalInterface
    public interface ProgressListener {
        void progress(String analysisJobId, String nodeId, long done, long total, String message);
    }

    /** Sees every task the hub sends and every outcome (diagnostics, and tests that check what passes through the hub). */
    public interface TaskObserver {
        void sent(TaskRequest request);

        void outcome(TaskRequest request, TaskOutcome outcome);
    }

    /** Whether a node may be sent a task now: a quarantined node may not. */
    @FunctionalInterface
    public interface TaskGate {
        /** Why {@code nodeId} may not run {@code request} now, or empty. */
        Optional<String> refusal(String nodeId, TaskRequest request);
    }

    private volatile TaskGate gate = (node, request) -> Optional.empty();
    private final List<TaskObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, String> cancelledJobs = new ConcurrentHashMap<>();
    /** Per analysis job, the nodes it sent tasks to and the task jobs (rounds) of those: whom a cancel must reach. */
    private final Map<String, Map<String, java.util.Set<String>>> touched = new ConcurrentHashMap<>();
    private volatile ProgressListener progress = (job, node, done, total, message) -> { };
    private final Map<String, NodeSession> sessions;
    private final NodeRegistry registry;
    private final DataSource db;
    private final AuditLog audit;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    private final ExecutorService senders;

    TaskDispatcher(Map<String, NodeSession> sessions, NodeRegistry registry, DataSource db, AuditLog audit, Clock clock,
                   ScheduledExecutorService timers, ExecutorService senders) {
        this.sessions = sessions;
        this.registry = registry;
        this.db = db;
        this.audit = audit;
        this.clock = clock;
        this.timers = timers;
        this.senders = senders;
        update("UPDATE tasks SET status = 'failed', error = 'the hub restarted before a result arrived', finished_at = ? WHERE status IN ('pending', 'sent')",
                Timestamp.from(clock.instant()));
    }

    /** Sends the task to every named node; the future completes when every node has an outcome. */
    public CompletableFuture<List<TaskOutcome>> submit(TaskRequest r) {
        Instant now = clock.instant();
        List<CompletableFuture<TaskOutcome>> all = new ArrayList<>();
        String cancelled = r.analysisJobId() == null ? null : cancelledJobs.get(r.analysisJobId());
        for (String nodeId : r.nodeIds()) {
            String taskId = UUID.randomUUID().toString();
            Pending p = new Pending(taskId, nodeId, r, now);
            all.add(p.outcome);
            if (cancelled != null) {
                p.outcome.complete(new TaskOutcome(nodeId, taskId, false, new byte[0], "analysis job " + r.analysisJobId()
                        + " was cancelled (" + cancelled + "); the task was not sent", Duration.ZERO, FailureReason.CANCELLED));
                continue;
            }
            Optional<NodeRecord> node = registry.find(nodeId);
            if (node.isEmpty() || node.get().revoked()) {
                String why = node.isEmpty() ? "no node " + nodeId + " is enrolled" : "node " + nodeId + " has been revoked";
                p.outcome.complete(new TaskOutcome(nodeId, taskId, false, new byte[0], why, Duration.ZERO,
                        node.isEmpty() ? FailureReason.NOT_FOUND : FailureReason.REFUSED_BY_POLICY));
                continue;
            }
            Optional<String> refused = gate.refusal(nodeId, r);
            if (refused.isPresent()) {
                audit.append(AuditAction.TASK_FAILED, "task " + taskId + " (job " + r.jobId() + ", type " + r.type() + ") not sent to " + nodeId + ": "
                        + refused.get());
                p.outcome.complete(new TaskOutcome(nodeId, taskId, false, new byte[0], "node " + nodeId + " was not sent the task: " + refused.get(),
                        Duration.ZERO, FailureReason.REFUSED_BY_POLICY));
                continue;
            }
            if (r.analysisJobId() != null) {
                touched.computeIfAbsent(r.analysisJobId(), k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(nodeId, k -> ConcurrentHashMap.newKeySet()).add(r.jobId());
            }
            insert(p, now.plus(r.deadline()));
            audit.append(AuditAction.TASK_SUBMITTED, "task " + taskId + " (job " + r.jobId() + ", type " + r.type() + ", " + r.payload().length
                    + " bytes) to " + nodeId);
            pending.put(taskId, p);
            p.timer = timers.schedule(() -> expire(p), r.deadline().toMillis(), TimeUnit.MILLISECONDS);
            NodeSession s = sessions.get(nodeId);
            if (s != null) {
                deliver(p, s);
            }
        }
        if (!observers.isEmpty()) {
            observers.forEach(o -> o.sent(r));
            all.forEach(f -> f.thenAccept(outcome -> observers.forEach(o -> o.outcome(r, outcome))));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    /** Adds an observer of every task and outcome from now on; close the handle to remove it. */
    public AutoCloseable observe(TaskObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** A node came online: deliver what waits for it. */
    void connected(NodeSession s) {
        for (Pending p : pending.values()) {
            if (p.nodeId.equals(s.nodeId()) && !p.delivered) {
                deliver(p, s);
            }
        }
    }

    /** A node's result arrived. Results for unknown or finished tasks are ignored (and audited). */
    void result(String nodeId, String taskId, boolean ok, byte[] payload, String error, FailureReason reason) {
        Pending p = pending.get(taskId);
        if (p == null || !p.nodeId.equals(nodeId)) {
            audit.append(AuditAction.TASK_RESULT_IGNORED, "result for unknown or finished task " + taskId + " from " + nodeId);
            return;
        }
        finish(p, ok, ok ? payload : new byte[0], ok ? "" : "node " + nodeId + " reported: " + error, ok ? null : reason);
    }

    /** A node's progress on a task; passed on to the listener when the task belongs to an analysis job. */
    void progress(String nodeId, String taskId, long done, long total, String message) {
        Pending p = pending.get(taskId);
        if (p != null && p.nodeId.equals(nodeId) && p.request.analysisJobId() != null) {
            progress.progress(p.request.analysisJobId(), nodeId, done, total, message);
        }
    }

    /** Where nodes' progress on the tasks of analysis jobs goes. */
    public void onProgress(ProgressListener listener) {
        this.progress = listener == null ? (job, node, done, total, message) -> { } : listener;
    }

    /**
     * Cancels an analysis job's tasks: those in flight fail now (reason cancelled) and their nodes are told to stop the
     * job; tasks the job sends from now on fail at once.
     *
     * @return how many tasks were in flight
     */
    public int cancel(String analysisJobId, String reason) {
        cancelledJobs.put(analysisJobId, reason);
        // every node the job reached hears of it, for every round it had there: work in flight stops, open rounds close
        Map<String, java.util.Set<String>> reached = touched.getOrDefault(analysisJobId, Map.of());
        reached.forEach((nodeId, jobs) -> {
            NodeSession s = sessions.get(nodeId);
            if (s != null) {
                for (String job : jobs) {
                    try {
                        s.cancel(job, reason);
                    } catch (RuntimeException e) {
                        // the stream broke: a node that cannot send cannot release either
                    }
                }
            }
        });
        int n = 0;
        for (Pending p : pending.values()) {
            if (analysisJobId.equals(p.request.analysisJobId())) {
                n++;
                finish(p, false, new byte[0], "analysis job " + analysisJobId + " was cancelled (" + reason + ")", FailureReason.CANCELLED);
            }
        }
        return n;
    }

    /** An analysis job is over: what it sent needs no cancelling any more. */
    public void forget(String analysisJobId) {
        touched.remove(analysisJobId);
    }

    /** Sets what keeps tasks from quarantined nodes. */
    public void gate(TaskGate g) {
        this.gate = g;
    }

    /**
     * Asks the gate again about every task in flight: a task whose node may no longer run it fails now with the reason
     * (so that a secure sum finishes without the node, by its dropout path), and the node is told to stop that job.
     *
     * @return how many tasks were finished
     */
    public int reevaluate() {
        int n = 0;
        for (Pending p : pending.values()) {
            Optional<String> refused = gate.refusal(p.nodeId, p.request);
            if (refused.isPresent()) {
                n++;
                String why = "node " + p.nodeId + " was quarantined while running the task: " + refused.get();
                NodeSession s = sessions.get(p.nodeId);
                if (s != null) {
                    try {
                        s.cancel(p.request.jobId(), why);
                    } catch (RuntimeException e) {
                        // the stream broke: the node sends nothing more either way
                    }
                }
                finish(p, false, new byte[0], why, FailureReason.REFUSED_BY_POLICY);
            }
        }
        return n;
    }

    /** Fails what a revoked node still had. */
    void revoked(String nodeId) {
        for (Pending p : pending.values()) {
            if (p.nodeId.equals(nodeId)) {
                finish(p, false, new byte[0], "node " + nodeId + " was revoked before it returned a result", FailureReason.REFUSED_BY_POLICY);
            }
        }
    }

    private void deliver(Pending p, NodeSession s) {
        p.delivered = true;
        senders.execute(() -> {
            try {
                s.sendTask(p.taskId, p.request, p.submittedAt.plus(p.request.deadline()).toEpochMilli());
                update("UPDATE tasks SET status = 'sent' WHERE id = ? AND status = 'pending'", p.taskId);
            } catch (RuntimeException e) {
                p.delivered = false; // the stream broke: wait for the node to come back, until the deadline
            }
        });
    }

    private void expire(Pending p) {
        String reason;
        Optional<NodeRecord> node = registry.find(p.nodeId);
        String seen = node.map(n -> n.lastSeen() == null ? "never seen" : "last seen " + n.lastSeen()).orElse("unknown");
        if (!p.delivered) {
            reason = "node " + p.nodeId + " was offline (" + seen + "): the task was not delivered before its deadline of "
                    + p.request.deadline().toMillis() + " ms";
        } else if (!sessions.containsKey(p.nodeId)) {
            reason = "node " + p.nodeId + " went offline after receiving the task (" + seen + "); no result before the deadline of "
                    + p.request.deadline().toMillis() + " ms";
        } else {
            reason = "node " + p.nodeId + " did not return a result within the deadline of " + p.request.deadline().toMillis() + " ms";
        }
        finish(p, false, new byte[0], reason, FailureReason.NODE_OFFLINE);
    }

    private void finish(Pending p, boolean ok, byte[] result, String error, FailureReason reason) {
        if (pending.remove(p.taskId) == null) {
            return;
        }
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        Instant now = clock.instant();
        update("UPDATE tasks SET status = ?, finished_at = ?, result_size = ?, error = ? WHERE id = ?",
                ok ? "succeeded" : "failed", Timestamp.from(now), (long) result.length, ok ? null : truncate(error), p.taskId);
        audit.append(ok ? AuditAction.TASK_SUCCEEDED : AuditAction.TASK_FAILED, "task " + p.taskId + " on " + p.nodeId
                + (ok ? ": " + result.length + " bytes" : ": " + error));
        p.outcome.complete(new TaskOutcome(p.nodeId, p.taskId, ok, result, error, Duration.between(p.submittedAt, now), reason));
    }

    private void insert(Pending p, Instant deadline) {
        update("INSERT INTO tasks (id, node_id, job_id, type, status, payload_size, submitted_at, deadline, analysis_job_id) VALUES (?,?,?,?,?,?,?,?,?)",
                p.taskId, p.nodeId, p.request.jobId(), p.request.type(), "pending", (long) p.request.payload().length,
                Timestamp.from(p.submittedAt), Timestamp.from(deadline), p.request.analysisJobId());
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            NodeRegistry.bind(s, args);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database: " + e.getMessage(), e);
        }
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
