package org.fedra.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureCodes;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.transfer.Chunking;
import org.fedra.protocol.v1.NodeMessage;
import org.fedra.protocol.v1.TaskResultChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks that come down the hub's stream, each on a worker thread, with the registered handlers (analysis
 * tasks through the node's {@link TaskPipeline}); records each in the node database ({@code node_tasks}) and the audit
 * log, and sends its result, or its failure with the reason, back up the stream it came from. A cancelled job's running
 * tasks are told to stop and recorded as cancelled.
 */
final class TaskRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskHandlers handlers;
    private final TaskPipeline pipeline;
    private final DataSource database;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> NodeRuntime.daemon(r, "node-task"));

    TaskRunner(TaskHandlers handlers, TaskPipeline pipeline, DataSource database, AuditLog audit, Clock clock) {
        this.handlers = handlers;
        this.pipeline = pipeline;
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    /** Runs a task on a worker; its result goes to {@code replyTo} (the stream it arrived on). */
    void submit(TaskInput task, Consumer<NodeMessage> replyTo) {
        workers.execute(() -> run(task, replyTo));
    }

    /** The hub cancelled a job: its running tasks stop and nothing more of it is released. */
    void cancel(String jobId, String reason) {
        pipeline.cancel(jobId, reason);
        sql("UPDATE node_tasks SET status = 'cancelled', finished_at = ?, error = ? WHERE job_id = ? AND status = 'running'",
                Timestamp.from(clock.instant()), truncate("cancelled by the hub: " + reason), jobId);
    }

    private void run(TaskInput task, Consumer<NodeMessage> replyTo) {
        record(task, clock.instant());
        audit.append(AuditAction.TASK_RECEIVED, "task " + task.taskId() + " (job " + task.jobId() + ", type " + task.type() + ", "
                + task.payload().length + " bytes)");
        byte[] result = new byte[0];
        String error = null;
        FailureReason reason = null;
        Optional<TaskHandler> handler = handlers.find(task.type());
        if (handler.isEmpty()) {
            error = "this node has no handler for task type '" + task.type() + "' (it runs: " + String.join(", ", handlers.types()) + ")";
            reason = FailureReason.BAD_INPUT;
        } else {
            try {
                result = handler.get().handle(task);
            } catch (Exception e) {
                error = task.type() + " failed: " + e.getMessage();
                reason = Failure.reasonOf(e);
            }
        }
        if (error == null && clock.instant().isAfter(task.deadline())) {
            error = "finished after the task's deadline of " + task.deadline();
            reason = FailureReason.CANCELLED;
        }
        send(task, result, error, reason, replyTo);
        finish(task, reason, result.length, error);
        audit.append(AuditAction.TASK_RESULT_SENT, "task " + task.taskId() + (error == null ? ": " + result.length + " bytes" : ": failed: " + error));
    }

    private void send(TaskInput task, byte[] result, String error, FailureReason reason, Consumer<NodeMessage> replyTo) {
        List<com.google.protobuf.ByteString> chunks = Chunking.split(error == null ? result : new byte[0]);
        try {
            for (int i = 0; i < chunks.size(); i++) {
                TaskResultChunk.Builder c = TaskResultChunk.newBuilder().setTaskId(task.taskId()).setOk(error == null)
                        .setChunkIndex(i).setChunkCount(chunks.size()).setTotalSize(error == null ? result.length : 0).setData(chunks.get(i));
                if (error != null) {
                    c.setError(error).setFailure(FailureCodes.toWire(reason));
                }
                replyTo.accept(NodeMessage.newBuilder().setResult(c).build());
            }
        } catch (RuntimeException e) {
            log.warn("could not send the result of task {}: the stream to the hub is gone", task.taskId());
        }
    }

    private void record(TaskInput task, Instant at) {
        sql("MERGE INTO node_tasks (id, job_id, type, received_at, status, payload_size) KEY (id) VALUES (?,?,?,?,?,?)",
                task.taskId(), task.jobId(), task.type(), Timestamp.from(at), "running", (long) task.payload().length);
    }

    private void finish(TaskInput task, FailureReason reason, long resultSize, String error) {
        String status = reason == null ? "succeeded" : reason == FailureReason.CANCELLED ? "cancelled" : "failed";
        sql("UPDATE node_tasks SET finished_at = ?, status = ?, result_size = ?, error = ? WHERE id = ?",
                Timestamp.from(clock.instant()), status, resultSize, error == null ? null : truncate(error), task.taskId());
    }

    private void sql(String sql, Object... args) {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            log.warn("could not record task {} in the node database: {}", args[args.length - 1], e.getMessage());
        }
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
