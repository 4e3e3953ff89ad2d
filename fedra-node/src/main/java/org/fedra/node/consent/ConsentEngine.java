package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import org.fedra.node.fhir.FhirStore;
import org.fedra.node.fhir.StoredResource;
import org.hl7.fhir.r4.model.Consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's policy decision point: decides from the patients' stored research Consents and the node's
 * default policy (rules in {@link ConsentEvaluator}). A withdrawal stored now takes effect for every decision made
 * after it: {@link #snapshot()} is reused only while no Consent changed (the store's consent generation) and the policy
 * is the same object.
 */
public final class ConsentEngine {
    private final FhirStore store;
    // replaced when the steward reloads node-policy.json; every decision and snapshot reads it once
    private volatile DefaultPolicy defaultPolicy;

    /**
     * @param store         where Consents live (Consent resources of the patients)
     * @param defaultPolicy the node's opt-in/opt-out rule per purpose
     */
    public ConsentEngine(FhirStore store, DefaultPolicy defaultPolicy) {
        this.store = store;
        this.defaultPolicy = defaultPolicy;
    }

    public DefaultPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /** Uses {@code policy} for every decision and snapshot from now on (the steward reloaded the node's policy). */
    public void useDefaultPolicy(DefaultPolicy policy) {
        this.defaultPolicy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** Decides one request from the patient's current consents. */
    public ConsentDecision decide(String patientId, Purpose purpose, String organisation, String resourceType, Instant at) {
        List<ConsentDirective> directives = new ArrayList<>();
        for (StoredResource r : store.ofPatient(patientId)) {
            if ("Consent".equals(r.resourceType())) {
                ConsentCompiler.compile((Consent) r.resource()).ifPresent(directives::add);
            }
        }
        return ConsentEvaluator.decide(directives, new AccessRequest(patientId, purpose, organisation, resourceType, at), defaultPolicy);
    }

    /**
     * All patients' directives as they stand now, for deciding many requests (a task's whole input) against
     * one consistent state.
     */
    public ConsentSnapshot snapshot() {
        // decided once per consent state and policy: reading and compiling every Consent per task dominated large stores
        DefaultPolicy policy = defaultPolicy;
        long consentGeneration = store.consentGeneration(); // read first: a Consent stored meanwhile makes the next call rebuild
        Cached c = cached;
        if (c != null && c.consentGeneration() == consentGeneration && c.policy() == policy) {
            return c.snapshot();
        }
        ConsentSnapshot snapshot = read(policy);
        cached = new Cached(consentGeneration, policy, snapshot);
        return snapshot;
    }

    /** A snapshot with the consent state and the policy it was decided from. */
    private record Cached(long consentGeneration, DefaultPolicy policy, ConsentSnapshot snapshot) {}

    private volatile Cached cached;

    private ConsentSnapshot read(DefaultPolicy policy) {
        Map<String, List<ConsentDirective>> byPatient = new HashMap<>();
        for (StoredResource r : store.ofType("Consent")) {
            Optional<ConsentDirective> d = ConsentCompiler.compile((Consent) r.resource());
            d.ifPresent(x -> byPatient.computeIfAbsent(x.patientId(), k -> new ArrayList<>()).add(x));
        }
        return new ConsentSnapshot(byPatient, policy);
    }
}
