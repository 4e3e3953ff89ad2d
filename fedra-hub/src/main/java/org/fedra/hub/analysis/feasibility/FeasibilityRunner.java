package org.fedra.hub.analysis.feasibility;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.fedra.hub.analysis.AnalysisContext;
import org.fedra.hub.analysis.AnalysisRunner;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.protocol.analysis.builtin.FeasibilitySpec;
import org.fedra.protocol.failure.FailureReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;

/**
 * Runs a feasibility query of a study across the nodes that accepted it. The query was checked when the request was
 * read ({@link FeasibilityAnalysis}), so a bad one is refused (400, naming the JSON path) before any task is sent. Each
 * node answers with counts it already passed through its disclosure control and query audit (or declines, when its
 * contract refuses); the hub only adds them up, records the release for the study and returns it.
 */
public final class FeasibilityRunner implements AnalysisRunner<FeasibilitySpec> {
    public static final String ANALYSIS = FeasibilityAnalysis.NAME;
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    @Override
    public String analysis() {
        return ANALYSIS;
    }

    /**
     * Runs the query on the study's participating nodes and returns the recorded release.
     *
     * @throws StudyException not found (unknown study), conflict (no node accepted), or node offline when a node failed
     *                        and the study does not allow partial results (nothing released)
     */
    @Override
    public ObjectNode run(FeasibilitySpec request, AnalysisContext context) {
        FeasibilitySpec spec = request.at(LocalDate.now(context.clock().withZone(ZoneOffset.UTC)));
        String studyId = context.studyId();
        Participants participants = context.participants();
        ObjectNode payload = JSON.createObjectNode().put("study", studyId).put("referenceDate", spec.referenceDate().toString());
        payload.set("query", spec.query());
        String jobId = "feasibility-" + UUID.randomUUID().toString().substring(0, 8);
        context.progress(0, participants.nodes().size(), "counting at " + participants.nodes().size() + " nodes");
        List<TaskOutcome> outcomes = context.send(new TaskRequest(jobId, FeasibilityAnalysis.TASK, JsonCodec.bytes(payload),
                participants.nodes(), context.stepDeadline())).join();
        context.checkCancelled();

        List<NodeFeasibility> nodes = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            nodes.add(o.ok() ? read(o) : NodeFeasibility.missing(o.nodeId(), NodeFeasibility.FAILED, o.error()));
        }
        participants.excluded().forEach((node, reason) -> nodes.add(NodeFeasibility.missing(node, NodeFeasibility.EXCLUDED, reason)));
        List<NodeFeasibility> lost = nodes.stream().filter(n -> !n.answered() && participants.nodes().contains(n.nodeId())).toList();
        if (!participants.study().allowPartial() && !lost.isEmpty()) {
            throw new StudyException(FailureReason.NODE_OFFLINE, "study " + studyId + " does not allow partial results and " + lost.size()
                    + " node(s) did not answer: " + String.join("; ", lost.stream().map(n -> n.nodeId() + " " + n.status() + ": " + n.reason()).toList()));
        }
        FeasibilityReport report = new FeasibilityReport(studyId, spec.referenceDate(), nodes);
        ObjectNode json = report.toJson();
        long answered = nodes.stream().filter(NodeFeasibility::answered).count();
        context.recordRelease(answered + " of " + nodes.size() + " nodes answered; totals usable " + report.total("usable")
                + ", needs consent " + report.total("needsConsent") + ", not assessable " + report.total("notAssessable"), json);
        return json;
    }

    /** A node's answer; anything malformed counts as a failure of that node, not of the whole request. */
    private static NodeFeasibility read(TaskOutcome o) {
        try {
            JsonNode r = JSON.readTree(o.result());
            if (r.hasNonNull("declined")) {
                return NodeFeasibility.missing(o.nodeId(), NodeFeasibility.DECLINED, r.get("declined").asText());
            }
            Map<String, NodeFeasibility.CategoryFigure> cats = new HashMap<>();
            for (String c : FeasibilityReport.CATEGORIES) {
                JsonNode f = r.path("categories").path(c);
                String status = f.path("status").asText("");
                if (!List.of("released", "suppressed", "refused").contains(status)) {
                    return NodeFeasibility.missing(o.nodeId(), NodeFeasibility.FAILED, "malformed answer: category " + c + " has no valid status");
                }
                cats.put(c, new NodeFeasibility.CategoryFigure(status, f.path("count").asLong(0), f.path("reason").asText("")));
            }
            java.util.List<String> ageFrom = new java.util.ArrayList<>();
            r.path("ageFrom").forEach(a -> ageFrom.add(a.asText()));
            return new NodeFeasibility(o.nodeId(), NodeFeasibility.ANSWERED, "", r.path("minimumCellSize").asInt(), r.path("roundingBase").asInt(), cats,
                    ageFrom);
        } catch (IOException e) {
            return NodeFeasibility.missing(o.nodeId(), NodeFeasibility.FAILED, "malformed answer: " + e.getMessage());
        }
    }
}
