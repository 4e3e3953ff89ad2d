package org.fedra.protocol.analysis.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.fedra.protocol.analysis.AnalysisSpecException;
import org.fedra.protocol.analysis.spi.AnalysisType;
import org.fedra.protocol.analysis.spi.TaskType;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.query.CohortQueryException;

/**
 * Feasibility: how many patients match criteria, per node, as usable now, would need consent, and not assessable.
 * One task per node ({@value #TASK}, payload {@code {"study", "query", "referenceDate"}}); each node releases counts
 * after its disclosure control and query audit.
 */
public final class FeasibilityAnalysis implements AnalysisType<FeasibilitySpec> {
    public static final String NAME = "feasibility";
    public static final String TASK = "feasibility";
    public static final String STEP = "count";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "how many patients match criteria at each node: usable now, would need consent, not assessable (counts after disclosure control)";
    }

    @Override
    public FeasibilitySpec parse(JsonNode request) {
        if (request == null || !request.isObject()) throw new AnalysisSpecException("$", "the feasibility request must be a JSON object");
        LocalDate reference = null;
        JsonNode date = request.get("referenceDate");
        if (date != null && !date.isNull()) {
            try {
                reference = LocalDate.parse(date.asText());
            } catch (DateTimeParseException e) {
                throw new AnalysisSpecException("$.referenceDate", "must be a date YYYY-MM-DD, not '" + date.asText() + "'");
            }
        }
        JsonNode query = request.get("query");
        if (query == null || query.isNull()) {
            throw new AnalysisSpecException("$.query", "is required (a cohort criteria object)");
        }
        try {
            // the reference date only places ages in time; the criteria are checked the same at any date
            CohortQuery.parse(query.toString(), reference == null ? LocalDate.EPOCH : reference);
        } catch (CohortQueryException e) {
            throw new AnalysisSpecException("query " + e.path(), e.getMessage().substring(e.path().length() + 2));
        }
        return new FeasibilitySpec(query, reference);
    }

    @Override
    public JsonNode toJson(FeasibilitySpec spec) {
        ObjectNode o = JsonCodec.object();
        o.set("query", spec.query());
        if (spec.referenceDate() != null) o.put("referenceDate", spec.referenceDate().toString());
        return o;
    }

    @Override
    public List<TaskType> taskTypes() {
        return List.of(TaskType.of(TASK, STEP));
    }

    @Override
    public boolean securelySummed() {
        return false;
    }

    @Override
    public JsonNode example() {
        return JsonCodec.tree("{\"query\": {\"and\": [{\"age\": {\"min\": 40, \"max\": 80}}, {\"condition\": {\"system\": "
                + "\"http://snomed.info/sct\", \"code\": \"38341003\"}}]}, \"referenceDate\": \"2026-01-01\"}");
    }
}
