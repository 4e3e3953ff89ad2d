package org.fedra.hub.analysis;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hub side of one analysis type: runs a researcher's checked request over the study's nodes with what the
 * {@link AnalysisContext} offers (participants, secure sums, task sending, progress, cancellation, release recording)
 * and returns the released figures, recorded with the study before they are returned. Every run is a job
 * ({@link org.fedra.hub.job.Jobs}). Runners are found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.fedra.hub.analysis.AnalysisRunner}), one per analysis type, and must be stateless.
 *
 * @param <S> the request type of the analysis type ({@link org.fedra.protocol.analysis.spi.AnalysisType})
 */
public interface AnalysisRunner<S> {
    /** The analysis type this runner runs. */
    String analysis();

    /**
     * Runs the analysis and returns the released figures (after {@link AnalysisContext#recordRelease}).
     *
     * @throws org.fedra.protocol.failure.Failure with the reason it cannot run or complete
     */
    JsonNode run(S spec, AnalysisContext context);

    /**
     * Picks up a job a previous hub process left running, from the handle it {@linkplain AnalysisContext#started
     * announced}; runners that cannot resume leave the default, and such a job is marked failed when the hub starts.
     */
    default JsonNode resume(S spec, JsonNode handle, AnalysisContext context) {
        throw new UnsupportedOperationException(analysis() + " jobs do not resume");
    }

    /** Whether {@link #resume} is implemented. */
    default boolean resumable() {
        return false;
    }
}
