package org.fedra.protocol.analysis.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Objects;
import org.fedra.protocol.json.JsonCodec;

/**
 * The envelope of every analysis task: the study that must authorise it, the analysis and step (given by the task
 * type, see {@link TaskType}) and the step's parameters (the payload object). A node reads it before any analysis
 * code runs and authorises the study against its contract first.
 *
 * @param study      the study whose contract must cover the analysis
 * @param analysis   the analysis type's name
 * @param step       the step of the analysis
 * @param parameters the payload (a JSON object; it also carries the study field)
 */
public record AnalysisTask(String study, String analysis, String step, JsonNode parameters) {
    /** The step of a secure sum's first task: the node computes its vector. */
    public static final String SECURE_SUM = "secure-sum";

    public AnalysisTask {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(parameters, "parameters");
    }

    /**
     * Reads a payload of a task type of {@code analysis}.
     *
     * @throws IllegalArgumentException naming the task type and the field: not JSON, not an object, no study
     */
    public static AnalysisTask read(String analysis, TaskType type, byte[] payload) {
        JsonNode n;
        try {
            n = JsonCodec.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException(type.name() + " payload is not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(type.name() + " payload must be a JSON object");
        }
        JsonNode study = n.get(type.studyField());
        if (study == null || !study.isTextual() || study.asText().isBlank()) {
            throw new IllegalArgumentException(type.name() + " payload: field '" + type.studyField() + "' is required and must be a non-empty string");
        }
        return new AnalysisTask(study.asText(), analysis, type.step(), n);
    }
}
