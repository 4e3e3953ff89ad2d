package org.fedra.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fedra.hub.job.Jobs;
import org.fedra.hub.security.Quarantine;
import org.fedra.hub.security.QuarantinePolicy;
import org.fedra.hub.security.SecurityBoard;
import org.fedra.hub.study.ContractState;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRegistry;
import org.fedra.privacy.securityindex.SecurityAssessment;

/**
 * Makes the security policies act (issue 15, point 4): after every new assessment, and when a study is created or the
 * federation's minimum changes, the quarantines due are computed and applied; a quarantined node gets no new task of
 * the scope (the dispatcher's gate) and is left out of analyses with the reason (the studies' admission); its tasks
 * in flight are finished without it; it hears of each change on its stream, and again when it reconnects.
 */
final class QuarantineEnforcement {
    private final Quarantine quarantine;
    private final SecurityBoard board;
    private final NodeRegistry registry;
    private final StudyRegistry studies;
    private final TaskDispatcher dispatcher;
    private final Jobs jobs;
    private final Map<String, NodeSession> sessions;
    private final org.fedra.hub.security.Alerts alerts;

    QuarantineEnforcement(Quarantine quarantine, SecurityBoard board, NodeRegistry registry, StudyRegistry studies, TaskDispatcher dispatcher, Jobs jobs,
                          Map<String, NodeSession> sessions, org.fedra.hub.security.Alerts alerts) {
        this.alerts = alerts;
        this.quarantine = quarantine;
        this.board = board;
        this.registry = registry;
        this.studies = studies;
        this.dispatcher = dispatcher;
        this.jobs = jobs;
        this.sessions = sessions;
    }

    /** Hooks the enforcement into the hub's parts and evaluates once. */
    void install(FederationService federation) {
        dispatcher.gate((node, request) -> {
            String study = studyOf(request);
            Optional<String> suspended = study == null ? Optional.empty() : alerts.suspension(study).map(why -> "study " + study + " is suspended: " + why);
            return suspended.isPresent() ? suspended : quarantine.refusal(node, study);
        });
        studies.suspension(alerts::suspension);
        alerts.onSuspended(dispatcher::reevaluate);
        dispatcher.observe(new RefusedQueryWatch(new TaskStudies(jobs), alerts, java.time.Clock.systemUTC()));
        studies.admission((node, study) -> quarantine.refusal(node, study.id()));
        studies.studyIndex(this::weakestIndex);
        quarantine.onChange((key, quarantined, reason) -> {
            NodeSession s = sessions.get(key.nodeId());
            if (s != null) {
                s.quarantine(quarantined, key.scope(), reason);
            }
            if (quarantined) {
                dispatcher.reevaluate();
            }
        });
        federation.onWelcomed(s -> {
            List<Quarantine.Entry> in = quarantine.of(s.nodeId());
            in.forEach(e -> s.quarantine(true, e.scope(), e.reason()));
            if (!in.isEmpty()) {
                alerts.raise(org.fedra.hub.security.AlertKind.QUARANTINED_NODE_RECONNECTING, s.nodeId(), null, "quarantined node " + s.nodeId()
                        + " connected again; it stays quarantined (" + in.get(0).reason() + ")");
            }
        });
        board.onAssessment(this::evaluate);
        studies.onCreated(s -> evaluate(board.current()));
        evaluate(board.current());
    }

    /** Re-evaluates with the assessment in force (after the federation's minimum changed). */
    void evaluate() {
        evaluate(board.current());
    }

    private synchronized void evaluate(SecurityAssessment a) {
        Map<String, Double> index = new LinkedHashMap<>();
        for (NodeRecord n : registry.list()) {
            if (!n.revoked() && a.indices().containsKey(n.id())) {
                index.put(n.id(), a.index(n.id()));
            }
        }
        List<QuarantinePolicy.StudyMinimum> minimums = new ArrayList<>();
        for (Study s : studies.list()) {
            if (s.minimumSecurityIndex() > 0) {
                minimums.add(new QuarantinePolicy.StudyMinimum(s.id(), s.minimumSecurityIndex(),
                        new LinkedHashSet<>(s.contracts().stream().map(ContractState::nodeId).toList())));
            }
        }
        quarantine.apply(QuarantinePolicy.due(index, quarantine.federationMinimum(), minimums));
    }

    private String studyOf(TaskRequest r) {
        return new TaskStudies(jobs).studyOf(r);
    }

    /** The least index among the study's nodes that have one (a study is as strong as its weakest node); null if none. */
    private Double weakestIndex(java.util.Collection<String> nodes) {
        SecurityAssessment a = board.current();
        return nodes.stream().filter(a.indices()::containsKey).map(a::index).min(Double::compare).orElse(null);
    }
}
