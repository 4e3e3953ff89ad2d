package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The research consents of all patients at one moment, in memory; decisions are pure from here on. */
public final class ConsentSnapshot {
    private final Map<String, List<ConsentDirective>> byPatient;
    private final DefaultPolicy defaultPolicy;

    public ConsentSnapshot(Map<String, List<ConsentDirective>> byPatient, DefaultPolicy defaultPolicy) {
        this.byPatient = Map.copyOf(byPatient);
        this.defaultPolicy = defaultPolicy;
    }

    public ConsentDecision decide(String patientId, Purpose purpose, String organisation, String resourceType, Instant at) {
        return ConsentEvaluator.decide(byPatient.getOrDefault(patientId, List.of()),
                new AccessRequest(patientId, purpose, organisation, resourceType, at), defaultPolicy);
    }
}
