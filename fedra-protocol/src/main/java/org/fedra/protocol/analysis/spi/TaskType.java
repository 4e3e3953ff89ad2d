package org.fedra.protocol.analysis.spi;

import java.util.Objects;

/**
 * A node task of an analysis: the task type on the wire, the step of the analysis it runs, and the payload field that
 * names the study. Every such payload is a JSON object read into one envelope, {@link AnalysisTask}, before any
 * analysis code runs, so that the node can authorise the study first.
 *
 * @param name       the task type, e.g. {@code psi.blind}
 * @param step       the analysis step, e.g. {@code blind}
 * @param studyField the payload field holding the study id ({@code study}; older payloads say {@code studyId})
 */
public record TaskType(String name, String step, String studyField) {
    public TaskType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(studyField, "studyField");
    }

    /** A task type whose payload names the study in field {@code study}. */
    public static TaskType of(String name, String step) {
        return new TaskType(name, step, "study");
    }
}
