package org.fedra.node.consent;

import java.util.Comparator;
import java.util.List;

/**
 * The decision rule, pure: no I/O, no clock (the instant is part of the request).
 *
 * <p>Semantics, following FHIR R4 Consent and stating the choices R4 leaves open:
 * <ol>
 * <li><b>Which Consent.</b> Only active research Consents recorded at or before the request's instant count
 * (a consent given later cannot decide an earlier request). They are consulted newest first
 * ({@code Consent.dateTime}); the first whose root provision <em>applies</em> to the request decides. So a
 * newer consent replaces an older one where it speaks, and the older one still speaks where the newer is silent.
 * Equal dateTimes: a deny is consulted first.</li>
 * <li><b>Within a Consent.</b> The root provision's type is the base decision for requests its conditions
 * match; nested provisions are exceptions to their parent, and exceptions may have exceptions. The deepest
 * matching provision wins (the most specific statement of the patient's will). When several sibling branches
 * match, neither is more specific than the other; then deny wins, the conservative reading of a
 * contradictory consent (among several denying branches, the deepest is reported).</li>
 * <li><b>A provision matches</b> when each condition it states holds: the instant lies in its period, the
 * requesting organisation is one of its actors, the purpose is one of its purposes, the resource type is one
 * of its classes, and its actions include use/access. A condition not stated does not restrict.</li>
 * <li><b>No Consent applies:</b> the node's {@link DefaultPolicy} for the purpose decides (opt-in: deny,
 * opt-out: permit).</li>
 * </ol>
 */
public final class ConsentEvaluator {
    private static final Comparator<ConsentDirective> NEWEST_FIRST = Comparator
            .comparing(ConsentDirective::recordedAt, Comparator.nullsFirst(Comparator.naturalOrder())).reversed()
            .thenComparing(d -> d.root().effect() == Effect.DENY ? 0 : 1)
            .thenComparing(ConsentDirective::consentId);

    private ConsentEvaluator() {
    }

    /**
     * @param directives the patient's active research consents (any order, other patients' are ignored)
     */
    public static ConsentDecision decide(List<ConsentDirective> directives, AccessRequest request, DefaultPolicy policy) {
        List<ConsentDirective> candidates = directives.stream()
                .filter(d -> request.patientId().equals(d.patientId()))
                .filter(d -> d.recordedAt() == null || !d.recordedAt().isAfter(request.at()))
                .sorted(NEWEST_FIRST)
                .toList();
        for (ConsentDirective d : candidates) {
            if (d.root().matches(request)) {
                Match m = deepest(d.root(), request, 0);
                return new ConsentDecision(m.provision.effect(), d.consentId(), m.provision.path());
            }
        }
        return policy.decide(request.purpose());
    }

    private record Match(ConsentProvision provision, int depth) {
    }

    /** The deepest matching provision under {@code p}, which matches. */
    private static Match deepest(ConsentProvision p, AccessRequest r, int depth) {
        Match best = new Match(p, depth);
        boolean childFound = false;
        for (ConsentProvision child : p.children()) {
            if (!child.matches(r)) {
                continue;
            }
            Match m = deepest(child, r, depth + 1);
            boolean mDenies = m.provision.effect() == Effect.DENY;
            boolean bestDenies = best.provision.effect() == Effect.DENY;
            if (!childFound || (mDenies && !bestDenies) || (mDenies == bestDenies && m.depth > best.depth)) {
                best = m;
                childFound = true;
            }
        }
        return best;
    }
}
