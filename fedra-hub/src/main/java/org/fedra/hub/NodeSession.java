package org.fedra.hub;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedra.protocol.transfer.Chunking;
import org.fedra.protocol.transfer.PayloadAssembler;
import org.fedra.protocol.v1.CancelJob;
import org.fedra.protocol.v1.HubMessage;
import org.fedra.protocol.v1.Revoked;
import org.fedra.protocol.v1.TaskChunk;
import org.fedra.protocol.v1.TaskResultChunk;
import org.fedra.protocol.v1.Welcome;

/** One node's open stream to the hub: sends tasks down it and reassembles results coming up. */
final class NodeSession {
    private final String nodeId;
    private final StreamObserver<HubMessage> out;
    private final Map<String, PayloadAssembler> incoming = new HashMap<>();
    private volatile Instant lastSeen;
    private volatile boolean closed;

    NodeSession(String nodeId, StreamObserver<HubMessage> out, Instant now) {
        this.nodeId = nodeId;
        this.out = out;
        this.lastSeen = now;
    }

    String nodeId() {
        return nodeId;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seen(Instant at) {
        lastSeen = at;
    }

    void welcome(String organisation, long heartbeatMillis) {
        send(HubMessage.newBuilder().setWelcome(Welcome.newBuilder().setNodeId(nodeId).setOrganisation(organisation)
                .setHeartbeatIntervalMs(heartbeatMillis)).build());
    }

    /** Sends a task as chunks; the stream observer is not thread-safe, so one task's chunks go out together. */
    void sendTask(String taskId, TaskRequest r, long deadlineEpochMs) {
        List<com.google.protobuf.ByteString> chunks = Chunking.split(r.payload());
        synchronized (out) {
            for (int i = 0; i < chunks.size(); i++) {
                out.onNext(HubMessage.newBuilder().setTask(TaskChunk.newBuilder().setTaskId(taskId).setJobId(r.jobId()).setType(r.type())
                        .setDeadlineEpochMs(deadlineEpochMs).setChunkIndex(i).setChunkCount(chunks.size())
                        .setTotalSize(r.payload().length).setData(chunks.get(i))).build());
            }
        }
    }

    /**
     * Adds a result chunk. Returns the complete result payload when this was the last chunk,
     * or null while more chunks are due.
     */
    byte[] addResultChunk(TaskResultChunk c) {
        PayloadAssembler a = incoming.computeIfAbsent(c.getTaskId(), id -> new PayloadAssembler(c.getChunkCount(), c.getTotalSize()));
        if (a.add(c.getChunkIndex(), c.getData())) {
            incoming.remove(c.getTaskId());
            return a.payload();
        }
        return null;
    }

    /** Sends the hub's signed audit head, for the node to keep. */
    void sendAuditHead(org.fedra.protocol.v1.SignedAuditHead head) {
        send(HubMessage.newBuilder().setAuditHead(head).build());
    }

    /** Tells the node to stop every task of a job and release nothing more of it. */
    void cancel(String jobId, String reason) {
        send(HubMessage.newBuilder().setCancel(CancelJob.newBuilder().setJobId(jobId).setReason(reason)).build());
    }

    /** Tells the node it was quarantined from a scope ("" the federation, else a study) or released. */
    void quarantine(boolean quarantined, String scope, String reason) {
        send(HubMessage.newBuilder().setQuarantine(org.fedra.protocol.v1.QuarantineNotice.newBuilder().setQuarantined(quarantined).setScope(scope)
                .setReason(reason)).build());
    }

    void revoke(String reason) {
        send(HubMessage.newBuilder().setRevoked(Revoked.newBuilder().setReason(reason)).build());
        close(Status.PERMISSION_DENIED.withDescription("node " + nodeId + " has been revoked: " + reason));
    }

    void close(Status status) {
        synchronized (out) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.onError(status.asRuntimeException());
            } catch (RuntimeException ignored) {
                // the stream may already be gone
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    private void send(HubMessage m) {
        synchronized (out) {
            if (!closed) {
                out.onNext(m);
            }
        }
    }
}
