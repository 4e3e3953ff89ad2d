package org.fedra.node.feasibility;

import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.audit.AuditAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.cohort.FeasibilityCounts;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.query.CohortQueryException;

/**
 * Task type {@code feasibility}: "how many patients here match these criteria, for this study's purpose and
 * organisation?". Payload {@code {"study": id, "query": {criteria}, "referenceDate": "YYYY-MM-DD"}}.
 *
 * <p>Answers in three categories: usable now, would need consent, not assessable (patients whose Consent explicitly
 * refuses are not recruitable and are counted nowhere). Each count passes the node's disclosure control (a count
 * {@code 0 < n < minimum} is "suppressed", others are rounded) and then the study's query audit (a count that would
 * isolate fewer than the minimum by differencing against an earlier release of the same study is "refused").
 * Patients who would need consent get a request in their consent inbox. The release is written to the audit log
 * before it is returned. A study without an accepted contract here gets a {@code declined} answer, not data.
 */
public final class FeasibilityTask implements TaskHandler {
    public static final String TYPE = "feasibility";
    /** The categories released, by their wire names. */
    static final Map<FeasibilityCategory, String> RELEASED = new LinkedHashMap<>();

    static {
        RELEASED.put(FeasibilityCategory.USABLE, "usable");
        RELEASED.put(FeasibilityCategory.NEEDS_CONSENT, "needsConsent");
        RELEASED.put(FeasibilityCategory.NOT_ASSESSABLE, "notAssessable");
    }

    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private final NodeServices services;
    private final StudyReleaseAudit releaseAudit;

    public FeasibilityTask(NodeServices services) {
        this.services = services;
        this.releaseAudit = new StudyReleaseAudit(services.dataSource(), services.disclosure().minimumPatients(), services.clock());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public byte[] handle(TaskInput task) throws IOException {
        JsonNode payload = payload(task.payload());
        String studyId = payload.get("study").asText();
        CohortQuery query = query(payload);

        ObjectNode out = JSON.createObjectNode().put("node", services.nodeId()).put("organisation", services.organisation()).put("study", studyId);
        AuthorisedStudy study;
        try {
            study = services.studies().authorise(studyId, Analyses.FEASIBILITY);
        } catch (StudyNotAuthorisedException e) {
            services.audit().append(AuditAction.FEASIBILITY_DECLINED, "task " + task.taskId() + ", study " + studyId + ": " + e.getMessage());
            return JSON.writeValueAsBytes(out.put("declined", e.getMessage()));
        }

        CohortResult result = new CohortEvaluator(services.data())
                .evaluate(query, study.context(task.taskId(), services.clock().instant()));
        FeasibilityCounts counts = FeasibilityCounts.release(result, services.disclosure());

        Map<String, List<String>> candidates = new LinkedHashMap<>();
        for (FeasibilityCategory c : RELEASED.keySet()) {
            if (!counts.of(c).suppressed()) {
                candidates.put(task.taskId() + ":" + RELEASED.get(c), List.copyOf(result.patients(c)));
            }
        }
        Map<String, String> refusals = releaseAudit.release(studyId, candidates);

        out.put("minimumCellSize", counts.minimumCellSize()).put("roundingBase", counts.roundingBase());
        ObjectNode categories = out.putObject("categories");
        StringBuilder summary = new StringBuilder();
        for (Map.Entry<FeasibilityCategory, String> e : RELEASED.entrySet()) {
            ObjectNode cat = categories.putObject(e.getValue());
            FeasibilityCounts.Released r = counts.of(e.getKey());
            String label = task.taskId() + ":" + e.getValue();
            if (r.suppressed()) {
                cat.put("status", "suppressed");
                summary.append(", ").append(e.getValue()).append(" suppressed");
            } else if (refusals.get(label) != null) {
                // the toolkit's reason names the size of the isolated group: it stays on the node
                cat.put("status", "refused").put("reason", "differencing: together with an earlier release of this study it would isolate"
                        + " fewer than " + counts.minimumCellSize() + " patients");
                summary.append(", ").append(e.getValue()).append(" refused (differencing)");
            } else {
                cat.put("status", "released").put("count", r.value());
                summary.append(", ").append(e.getValue()).append(" ").append(r.value());
            }
        }
        int asked = services.data().consentInbox().request(studyId, study.purpose(), study.organisation(),
                result.patients(FeasibilityCategory.NEEDS_CONSENT));
        services.audit().append(AuditAction.FEASIBILITY_RELEASED, "task " + task.taskId() + ", study " + studyId + " (" + study.purpose() + ", "
                + study.organisation() + "), min cell " + counts.minimumCellSize() + ", rounding " + counts.roundingBase()
                + summary + "; consent requests sent: " + asked);
        return JSON.writeValueAsBytes(out);
    }

    private static JsonNode payload(byte[] bytes) {
        JsonNode p;
        try {
            p = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("feasibility payload is not JSON: " + e.getMessage());
        }
        if (p == null || !p.isObject()) throw new IllegalArgumentException("feasibility payload must be a JSON object {study, query, referenceDate}");
        if (!p.path("study").isTextual() || p.get("study").asText().isBlank()) {
            throw new IllegalArgumentException("feasibility payload: 'study' must be a non-empty string");
        }
        return p;
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
