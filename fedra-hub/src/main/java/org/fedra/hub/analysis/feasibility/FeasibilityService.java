package org.fedra.hub.analysis.feasibility;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedra.hub.TaskDispatcher;
import org.fedra.hub.TaskOutcome;
import org.fedra.hub.TaskRequest;
import org.fedra.hub.study.Participants;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyService;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.query.CohortQueryException;

/**
 * Runs a feasibility query of a study across the nodes that accepted it. The query is validated here first, so a bad
 * one is refused (400, naming the JSON path) before any task is sent. Each node answers with counts it already passed
 * through its disclosure control and query audit; the hub only adds them up, records the release for the study and
 * returns it.
 */
public final class FeasibilityService {
    public static final String ANALYSIS = "feasibility";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    private final StudyService studies;
    private final TaskDispatcher tasks;
    private final Duration deadline;

    /**
     * @param deadline how long each node has to answer
     */
    public FeasibilityService(StudyService studies, TaskDispatcher tasks, Duration deadline) {
        this.studies = studies;
        this.tasks = tasks;
        this.deadline = deadline;
    }

    /**
     * Validates the query, runs it on the study's participating nodes and returns the recorded release.
     *
     * @param query         the criteria tree (see {@link CohortQuery})
     * @param referenceDate the date ages are computed at
     * @throws StudyException 400 for a bad query (nothing sent), 404 unknown study, 409 no node accepted, or 409 when a
     *                        node failed and the study does not allow partial results (nothing released)
     */
    public FeasibilityReport run(String studyId, JsonNode query, LocalDate referenceDate) {
        if (query == null || query.isNull() || query.isMissingNode()) {
            throw new StudyException(400, "query: is required (a cohort criteria object)");
        }
        try {
            CohortQuery.parse(query.toString(), referenceDate);
        } catch (CohortQueryException e) {
            throw new StudyException(400, "query " + e.getMessage());
        }
        Participants participants = studies.participants(studyId, ANALYSIS);

        ObjectNode payload = JSON.createObjectNode().put("study", studyId).put("referenceDate", referenceDate.toString());
        payload.set("query", query);
        String jobId = "feasibility-" + UUID.randomUUID().toString().substring(0, 8);
        List<TaskOutcome> outcomes;
        try {
            outcomes = tasks.submit(new TaskRequest(jobId, ANALYSIS, payload.toString().getBytes(StandardCharsets.UTF_8),
                    participants.nodes(), deadline)).get(deadline.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for feasibility results", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("feasibility job " + jobId + " did not complete: " + e.getMessage(), e);
        }

        List<NodeFeasibility> nodes = new ArrayList<>();
        for (TaskOutcome o : outcomes) {
            nodes.add(o.ok() ? read(o) : NodeFeasibility.missing(o.nodeId(), NodeFeasibility.FAILED, o.error()));
        }
        participants.excluded().forEach((node, reason) -> nodes.add(NodeFeasibility.missing(node, NodeFeasibility.EXCLUDED, reason)));
        List<NodeFeasibility> lost = nodes.stream().filter(n -> !n.answered() && participants.nodes().contains(n.nodeId())).toList();
        if (!participants.study().allowPartial() && !lost.isEmpty()) {
            throw new StudyException(409, "study " + studyId + " does not allow partial results and " + lost.size() + " node(s) did not answer: "
                    + String.join("; ", lost.stream().map(n -> n.nodeId() + " " + n.status() + ": " + n.reason()).toList()));
        }
        FeasibilityReport report = new FeasibilityReport(studyId, referenceDate, nodes);
        ObjectNode json = report.toJson();
        long answered = nodes.stream().filter(NodeFeasibility::answered).count();
        studies.recordRelease(studyId, ANALYSIS, answered + " of " + nodes.size() + " nodes answered; totals usable " + report.total("usable")
                + ", needs consent " + report.total("needsConsent") + ", not assessable " + report.total("notAssessable"), json.toString());
        return report;
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
            return new NodeFeasibility(o.nodeId(), NodeFeasibility.ANSWERED, "", r.path("minimumCellSize").asInt(), r.path("roundingBase").asInt(), cats);
        } catch (IOException e) {
            return NodeFeasibility.missing(o.nodeId(), NodeFeasibility.FAILED, "malformed answer: " + e.getMessage());
        }
    }
}
