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

/**
 * Sends tasks to nodes and correlates their results. A task to a node that is offline waits for it
 * until the deadline; a task whose node does not answer in time fails at the deadline with the
 * reason. Every task and outcome is recorded in the hub database and audited.
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

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
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
        for (String nodeId : r.nodeIds()) {
            String taskId = UUID.randomUUID().toString();
            Pending p = new Pending(taskId, nodeId, r, now);
            all.add(p.outcome);
            Optional<NodeRecord> node = registry.find(nodeId);
            if (node.isEmpty() || node.get().revoked()) {
                String why = node.isEmpty() ? "no node " + nodeId + " is enrolled" : "node " + nodeId + " has been revoked";
                p.outcome.complete(new TaskOutcome(nodeId, taskId, false, new byte[0], why, Duration.ZERO));
                continue;
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
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
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
    void result(String nodeId, String taskId, boolean ok, byte[] payload, String error) {
        Pending p = pending.get(taskId);
        if (p == null || !p.nodeId.equals(nodeId)) {
            audit.append(AuditAction.TASK_RESULT_IGNORED, "result for unknown or finished task " + taskId + " from " + nodeId);
            return;
        }
        finish(p, ok, ok ? payload : new byte[0], ok ? "" : "node " + nodeId + " reported: " + error);
    }

    /** Fails what a revoked node still had. */
    void revoked(String nodeId) {
        for (Pending p : pending.values()) {
            if (p.nodeId.equals(nodeId)) {
                finish(p, false, new byte[0], "node " + nodeId + " was revoked before it returned a result");
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
        finish(p, false, new byte[0], reason);
    }

    private void finish(Pending p, boolean ok, byte[] result, String error) {
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
        p.outcome.complete(new TaskOutcome(p.nodeId, p.taskId, ok, result, error, Duration.between(p.submittedAt, now)));
    }

    private void insert(Pending p, Instant deadline) {
        update("INSERT INTO tasks (id, node_id, job_id, type, status, payload_size, submitted_at, deadline) VALUES (?,?,?,?,?,?,?,?)",
                p.taskId, p.nodeId, p.request.jobId(), p.request.type(), "pending", (long) p.request.payload().length,
                Timestamp.from(p.submittedAt), Timestamp.from(deadline));
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
