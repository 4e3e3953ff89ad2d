package org.fedra.hub.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;

/**
 * An analysis job as the hub keeps it (table {@code analysis_jobs}): what was asked, where it is, and how it ended.
 *
 * @param request        the researcher's request (the analysis type's spec, as JSON)
 * @param requestedBy    who asked (an audit principal, e.g. {@code operator})
 * @param done           progress: steps done
 * @param total          progress: steps expected (0 when unknown)
 * @param message        progress: what it is doing
 * @param result         the released figures, once succeeded
 * @param releaseSequence the study release that holds them
 * @param failureReason  why it failed or was cancelled
 * @param failureMessage the failure in words
 * @param handle         what identifies the job's work elsewhere (a training job), or null
 */
public record Job(String id, String studyId, String analysis, JobState state, JsonNode request, String requestedBy, Instant createdAt,
                  Instant startedAt, Instant finishedAt, long done, long total, String message, JsonNode result, Long releaseSequence,
                  FailureReason failureReason, String failureMessage, JsonNode handle) {

    /** The job as the API shows it. */
    public ObjectNode toJson() {
        ObjectNode o = JsonCodec.object().put("jobId", id).put("study", studyId).put("analysis", analysis).put("state", state.code())
                .put("requestedBy", requestedBy).put("createdAt", createdAt.toString());
        if (startedAt != null) o.put("startedAt", startedAt.toString());
        if (finishedAt != null) o.put("finishedAt", finishedAt.toString());
        o.putObject("progress").put("done", done).put("total", total).put("message", message == null ? "" : message);
        o.set("request", request);
        if (handle != null) o.set("handle", handle);
        if (result != null) o.set("result", result);
        if (releaseSequence != null) o.put("releaseSequence", releaseSequence);
        if (failureReason != null) {
            o.putObject("failure").put("reason", failureReason.name().toLowerCase(java.util.Locale.ROOT)).put("message", failureMessage);
        }
        o.putObject("links").put("self", "/api/jobs/" + id).put("events", "/api/jobs/" + id + "/events").put("cancel", "/api/jobs/" + id + "/cancel");
        return o;
    }
}
