package org.fedra.hub.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import org.fedra.protocol.audit.Principal;

/**
 * A request to run an analysis of a study.
 *
 * @param spec         the analysis type's request (checked by its codec before the job exists)
 * @param requestedBy  who asks
 * @param stepDeadline how long a node has for one step of this job; null for the hub's analysis deadline
 */
public record JobRequest(String studyId, String analysis, JsonNode spec, Principal requestedBy, Duration stepDeadline) {
    public JobRequest {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }

    /** A request with the hub's step deadline. */
    public static JobRequest of(String studyId, String analysis, JsonNode spec, Principal requestedBy) {
        return new JobRequest(studyId, analysis, spec, requestedBy, null);
    }

    public JobRequest withStepDeadline(Duration deadline) {
        return new JobRequest(studyId, analysis, spec, requestedBy, deadline);
    }
}
