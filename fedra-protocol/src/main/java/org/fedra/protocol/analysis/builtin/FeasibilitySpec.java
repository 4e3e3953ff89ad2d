package org.fedra.protocol.analysis.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Objects;
import org.fedra.protocol.query.CohortQuery;

/**
 * A feasibility request: the cohort criteria ({@link CohortQuery}) and the date ages are computed at.
 *
 * @param query         the criteria tree, already checked
 * @param referenceDate the date ages are computed at; null for the hub's today
 */
public record FeasibilitySpec(JsonNode query, LocalDate referenceDate) {
    public FeasibilitySpec {
        Objects.requireNonNull(query, "query");
    }

    /** The same request with its reference date fixed (the hub fills in today). */
    public FeasibilitySpec at(LocalDate date) {
        return new FeasibilitySpec(query, referenceDate == null ? date : referenceDate);
    }
}
