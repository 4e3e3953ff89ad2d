package org.fedra.hub.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.fedra.protocol.json.JsonCodec;

/**
 * Something that happened to a job, as its followers see it (server-sent events): a change of state, progress of the
 * runner (a Newton iteration, a training round), a secure-sum step, or a node's progress on its task.
 *
 * @param sequence 1, 2, ... per job
 * @param kind     {@code state}, {@code progress}, {@code step} or {@code node}
 * @param state    the job's state after the event
 * @param step     the secure-sum step ({@code secagg.keys} ...) of a {@code step} event, else null
 * @param node     the node of a {@code node} event, else null
 */
public record JobEvent(long sequence, Instant at, String kind, JobState state, long done, long total, String message, String step,
                       String node) {
    public static final String STATE = "state";
    public static final String PROGRESS = "progress";
    public static final String STEP = "step";
    public static final String NODE = "node";

    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object().put("sequence", sequence).put("at", at.toString()).put("kind", kind).put("state", state.code())
                .put("done", done).put("total", total).put("message", message == null ? "" : message);
        if (step != null) o.put("step", step);
        if (node != null) o.put("node", node);
        return o;
    }
}
