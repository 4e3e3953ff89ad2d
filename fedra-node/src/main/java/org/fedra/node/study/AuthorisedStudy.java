package org.fedra.node.study;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.fedra.protocol.study.Purpose;
import org.fedra.node.consent.TaskContext;

/**
 * A study as the node accepted it: the purpose and requesting organisation every consent decision of its tasks
 * is made for, and the analyses the contract allows.
 */
public record AuthorisedStudy(String studyId, Purpose purpose, String organisation, Set<String> analyses) {
    public AuthorisedStudy {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(organisation, "organisation");
        analyses = Set.copyOf(analyses);
    }

    /** The consent context of one task of this study, decided as of {@code startedAt}. */
    public TaskContext context(String taskId, Instant startedAt) {
        return new TaskContext(taskId, studyId, purpose, organisation, startedAt);
    }
}
