package org.fedra.node.consent;

import java.time.Instant;

/** One task that read a patient's data. */
public record AccessLogEntry(String patientId, String taskId, String studyId, String purpose, String organisation, Instant accessedAt) {
}
