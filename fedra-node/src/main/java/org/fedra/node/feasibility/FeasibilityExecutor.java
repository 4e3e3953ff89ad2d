package org.fedra.node.feasibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.pipeline.AnalysisExecutor;
import org.fedra.node.pipeline.ExecutionContext;
import org.fedra.node.pipeline.NodeDetails;
import org.fedra.node.pipeline.TaskResult;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.protocol.analysis.spi.AnalysisTask;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.query.CohortQueryException;

/**
 * Feasibility on a node: "how many patients here match these criteria, for this study's purpose and organisation?".
 * Parameters {@code {"study": id, "query": {criteria}, "referenceDate": "YYYY-MM-DD"}}.
 *
 * <p>Counts patients in three categories: usable now, would need consent, not assessable (patients whose Consent
 * explicitly refuses are not recruitable and are counted nowhere); the pipeline's disclosure control suppresses, rounds
 * and audits the counts for differencing before any leaves. Patients who would need consent get a request in their
 * consent inbox. A study without an accepted contract here gets a {@code declined} answer, not data.
 */
public final class FeasibilityExecutor implements AnalysisExecutor {
    /** The categories released, by their wire names. */
    static final Map<FeasibilityCategory, String> RELEASED = new LinkedHashMap<>();

    static {
        RELEASED.put(FeasibilityCategory.USABLE, "usable");
        RELEASED.put(FeasibilityCategory.NEEDS_CONSENT, "needsConsent");
        RELEASED.put(FeasibilityCategory.NOT_ASSESSABLE, "notAssessable");
    }

    @Override
    public String analysis() {
        return FeasibilityAnalysis.NAME;
    }

    @Override
    public TaskResult execute(ExecutionContext context) {
        CohortQuery query = query(context.task().parameters());
        String studyId = context.study().studyId();
        context.progress(0, 1, "counting patients");
        CohortResult result = context.view().cohort(query);
        Map<String, Set<String>> cohorts = new LinkedHashMap<>();
        RELEASED.forEach((category, label) -> cohorts.put(label, result.patients(category)));
        context.checkCancelled();
        int asked = context.view().requestConsent(result.patients(FeasibilityCategory.NEEDS_CONSENT));
        context.progress(1, 1, "counted");
        ObjectNode answer = answer(context.node(), studyId);
        if (!result.ageSources().isEmpty()) {
            // which data the ages came from (not how many patients each): a reader of the counts should know
            result.ageSources().forEach(answer.putArray("ageFrom")::add);
        }
        return new TaskResult.CohortCounts(answer, cohorts, AuditAction.FEASIBILITY_RELEASED,
                "task " + context.taskId() + ", study " + studyId + " (" + context.study().purpose() + ", " + context.study().organisation() + ")",
                "consent requests sent: " + asked);
    }

    @Override
    public Optional<TaskResult.Released> declined(AnalysisTask task, String taskId, NodeDetails node, Failure refusal) {
        ObjectNode out = answer(node, task.study()).put("declined", refusal.getMessage());
        return Optional.of(new TaskResult.Released(JsonCodec.bytes(out), AuditAction.FEASIBILITY_DECLINED,
                "task " + taskId + ", study " + task.study() + ": " + refusal.getMessage()));
    }

    private static ObjectNode answer(NodeDetails node, String studyId) {
        return JsonCodec.object().put("node", node.nodeId()).put("organisation", node.organisation()).put("study", studyId);
    }

    private static CohortQuery query(JsonNode p) {
        if (!p.hasNonNull("query")) throw new IllegalArgumentException("feasibility payload: 'query' is required");
        LocalDate reference;
        try {
            reference = LocalDate.parse(p.path("referenceDate").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("feasibility payload: 'referenceDate' must be a date YYYY-MM-DD");
        }
        try {
            return CohortQuery.parse(p.get("query").toString(), reference);
        } catch (CohortQueryException e) {
            throw new IllegalArgumentException("feasibility query: " + e.getMessage());
        }
    }
}
