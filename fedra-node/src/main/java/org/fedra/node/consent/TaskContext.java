package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import java.time.Instant;
import java.util.Objects;

/**
 * The analysis task on whose behalf data is read.
 *
 * @param startedAt the task's start: consent is decided as of this instant, so a withdrawal affects every
 *                  task that starts after it
 */
public record TaskContext(String taskId, String studyId, Purpose purpose, String organisation, Instant startedAt) {
    public TaskContext {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
