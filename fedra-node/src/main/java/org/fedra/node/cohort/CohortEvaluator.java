package org.fedra.node.cohort;

import org.fedra.protocol.query.Criterion;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.node.consent.ConsentDecision;
import org.fedra.node.consent.ConsentFilteredView;
import org.fedra.node.consent.ConsentSnapshot;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.fhir.PatientReferences;
import org.fedra.node.fhir.StoredResource;
import org.hl7.fhir.r4.model.Resource;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates a validated {@link CohortQuery} on one node for one task (purpose, organisation, instant) and
 * sorts the node's patients into {@link FeasibilityCategory categories}.
 *
 * <p>The usable set is computed only from the task's {@link ConsentFilteredView}: the data the consent engine
 * hands out, never the full data filtered afterwards. The other categories need the node's full data, which
 * the node itself may read to answer "how many more could join"; only counts after disclosure control leave
 * the node. A patient is:
 * <ol>
 *   <li>USABLE when the query is true on the view's data;</li>
 *   <li>otherwise, on full data: true and no Consent explicitly denies a type the query reads → NEEDS_CONSENT;
 *       true with such an explicit deny → REFUSED; unknown → NOT_ASSESSABLE; false → no category.</li>
 * </ol>
 * Which types a patient's view shows is taken from one consent snapshot per evaluation.
 */
public final class CohortEvaluator {
    private final NodeDataLayer data;

    public CohortEvaluator(NodeDataLayer data) {
        this.data = data;
    }

    /** Sorts the node's patients for the task's purpose, organisation and start instant. */
    public CohortResult evaluate(CohortQuery query, TaskContext task) {
        // criteria match on system and code, so only the facts of the codes a query names are read
        Map<String, Set<CodeFilter>> codes = codesRead(query.criteria());
        Set<String> types = new LinkedHashSet<>();
        types.add("Patient");
        types.addAll(codes.keySet());
        ConsentSnapshot consents = data.consentEngine().snapshot();
        Map<String, PatientFacts> visible = visibleFacts(data.openView(task), consents, task, codes);
        Map<String, PatientFacts> full = fullFacts(codes);

        CohortResult result = new CohortResult();
        for (PatientFacts p : full.values()) {
            PatientFacts seen = visible.get(p.patientId);
            if (seen != null && CriterionMatcher.evaluate(query.criteria(), seen, query.referenceDate()) == Truth.TRUE) {
                result.add(FeasibilityCategory.USABLE, p.patientId);
                result.ageSource(seen.ageSource);
                continue;
            }
            Truth truth = CriterionMatcher.evaluate(query.criteria(), p, query.referenceDate());
            result.ageSource(p.ageSource);
            switch (truth) {
                case TRUE -> result.add(explicitlyDenied(p.patientId, types, consents, task)
                        ? FeasibilityCategory.REFUSED : FeasibilityCategory.NEEDS_CONSENT, p.patientId);
                case UNKNOWN -> result.add(FeasibilityCategory.NOT_ASSESSABLE, p.patientId);
                case FALSE -> { }
            }
        }
        return result;
    }

    private Map<String, PatientFacts> visibleFacts(ConsentFilteredView view, ConsentSnapshot consents, TaskContext task,
            Map<String, Set<CodeFilter>> codes) {
        Map<String, PatientFacts> out = new TreeMap<>();
        for (org.fedra.node.projection.Demographics d : view.patients()) {
            PatientFacts f = new PatientFacts(d);
            f.conditionsVisible = permits(consents, f.patientId, "Condition", task);
            f.observationsVisible = permits(consents, f.patientId, "Observation", task);
            out.put(f.patientId, f);
        }
        codes.forEach((type, filters) -> filters.forEach(filter -> view.forEachFact(type, filter.system(), filter.code(), fact -> {
            PatientFacts f = out.get(fact.patientId());
            if (f != null) f.add(type, fact.entry());
        })));
        return out;
    }

    private Map<String, PatientFacts> fullFacts(Map<String, Set<CodeFilter>> codes) {
        // the node's own read of its full data, for the "would need consent" counts: from the projection the view's
        // opening brought in step
        Map<String, PatientFacts> out = new TreeMap<>();
        data.projection().forEachPatient(d -> out.put(d.patientId(), new PatientFacts(d)));
        codes.forEach((type, filters) -> filters.forEach(filter -> data.projection().forEachFact(type, filter.system(), filter.code(), fact -> {
            PatientFacts f = out.get(fact.patientId());
            if (f != null) f.add(type, fact.entry());
        })));
        return out;
    }

    private static boolean permits(ConsentSnapshot consents, String patientId, String type, TaskContext task) {
        return consents.decide(patientId, task.purpose(), task.organisation(), type, task.startedAt()).permitted();
    }

    private static boolean explicitlyDenied(String patientId, Set<String> types, ConsentSnapshot consents, TaskContext task) {
        for (String type : types) {
            ConsentDecision d = consents.decide(patientId, task.purpose(), task.organisation(), type, task.startedAt());
            if (!d.permitted() && !d.byDefaultPolicy()) return true;
        }
        return false;
    }

    /** A system and a code to read facts of; a null code reads the whole system (a prefix criterion needs it). */
    record CodeFilter(String system, String code) {}

    /**
     * The codes a query's criteria name, per resource type they read (Condition, Observation), without a code whose
     * whole system is read anyway.
     */
    static Map<String, Set<CodeFilter>> codesRead(Criterion c) {
        Map<String, Set<CodeFilter>> out = new TreeMap<>();
        collectCodes(c, out);
        for (Set<CodeFilter> filters : out.values()) {
            Set<String> whole = new java.util.HashSet<>();
            filters.forEach(f -> {
                if (f.code() == null) whole.add(f.system());
            });
            filters.removeIf(f -> f.code() != null && whole.contains(f.system()));
        }
        return out;
    }

    private static void collectCodes(Criterion c, Map<String, Set<CodeFilter>> out) {
        if (c instanceof Criterion.And a) a.parts().forEach(x -> collectCodes(x, out));
        else if (c instanceof Criterion.Or o) o.parts().forEach(x -> collectCodes(x, out));
        else if (c instanceof Criterion.Not n) collectCodes(n.part(), out);
        else if (c instanceof Criterion.HasCondition hc) out.computeIfAbsent("Condition", k -> new LinkedHashSet<>())
                .add(new CodeFilter(hc.system(), hc.prefix() ? null : hc.code()));
        else if (c instanceof Criterion.HasObservation ho) out.computeIfAbsent("Observation", k -> new LinkedHashSet<>())
                .add(new CodeFilter(ho.system(), ho.code()));
        else if (c instanceof Criterion.Age) out.computeIfAbsent("Observation", k -> new LinkedHashSet<>()) // age without a birth date
                .add(new CodeFilter(CriterionMatcher.AGE_SYSTEM, CriterionMatcher.AGE_CODE));
    }
}
