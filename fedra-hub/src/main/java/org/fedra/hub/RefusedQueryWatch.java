package org.fedra.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fedra.hub.security.AlertKind;
import org.fedra.hub.security.Alerts;
import org.fedra.hub.security.BurstDetector;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.protocol.json.JsonCodec;

/**
 * Watches the nodes' feasibility answers for queries their query auditor refused (a differencing pattern): when
 * {@link #REPEATS} queries of one study are refused within {@link #WINDOW}, the study's researcher is probing, and an
 * alert is raised (whose response suspends the study). One analysis counts once, however many nodes refused it.
 */
final class RefusedQueryWatch implements TaskDispatcher.TaskObserver {
    static final int REPEATS = 3;
    static final Duration WINDOW = Duration.ofHours(1);

    private final TaskStudies studies;
    private final Alerts alerts;
    private final Clock clock;
    private final BurstDetector bursts = new BurstDetector(REPEATS, WINDOW, 10_000);
    /** The analyses already counted (bounded: the oldest are forgotten). */
    private final Set<String> counted = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) {
            return size() > 10_000;
        }
    });

    RefusedQueryWatch(TaskStudies studies, Alerts alerts, Clock clock) {
        this.studies = studies;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public void sent(TaskRequest request) {
    }

    @Override
    public void outcome(TaskRequest request, TaskOutcome outcome) {
        if (!FeasibilityAnalysis.TASK.equals(request.type()) || !outcome.ok() || !refused(outcome.result())) {
            return;
        }
        String study = studies.studyOf(request);
        String analysis = request.analysisJobId() != null ? request.analysisJobId() : request.jobId();
        boolean burst;
        synchronized (counted) {
            if (study == null || !counted.add(analysis)) {
                return;
            }
            burst = bursts.record(study, clock.instant());
        }
        if (burst) {
            alerts.raise(AlertKind.REFUSED_QUERIES_REPEATING, null, study, REPEATS + " queries of study " + study + " refused by the nodes' query "
                    + "auditor within " + WINDOW.toMinutes() + " minutes (a differencing pattern); the latest on " + outcome.nodeId());
        }
    }

    private static boolean refused(byte[] result) {
        try {
            JsonNode r = JsonCodec.MAPPER.readTree(result);
            for (JsonNode c : r.path("categories")) {
                if ("refused".equals(c.path("status").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // a malformed answer is the runner's to report
        }
    }
}
