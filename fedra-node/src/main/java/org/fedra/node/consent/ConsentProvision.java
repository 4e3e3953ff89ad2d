package org.fedra.node.consent;

import org.fedra.protocol.study.Purpose;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A compiled {@code Consent.provision}: its effect and the conditions under which it applies. An empty set
 * means "no condition on this dimension". {@code start} and {@code endExclusive} may be null (open).
 */
public record ConsentProvision(String path, Effect effect, Instant start, Instant endExclusive,
                               Set<String> organisations, Set<Purpose> purposes, Set<String> resourceTypes,
                               Set<String> actions, List<ConsentProvision> children) {

    /** The actions of the consentaction code system an analysis performs: it uses (and thereby accesses) data. */
    static final Set<String> ANALYSIS_ACTIONS = Set.of("use", "access");

    /** Whether this provision's own conditions hold for the request (children are not consulted). */
    boolean matches(AccessRequest r) {
        if (start != null && r.at().isBefore(start)) return false;
        if (endExclusive != null && !r.at().isBefore(endExclusive)) return false;
        if (!organisations.isEmpty() && !organisations.contains(r.organisation())) return false;
        if (!purposes.isEmpty() && !purposes.contains(r.purpose())) return false;
        if (!resourceTypes.isEmpty() && !resourceTypes.contains(r.resourceType())) return false;
        if (!actions.isEmpty() && actions.stream().noneMatch(ANALYSIS_ACTIONS::contains)) return false;
        return true;
    }
}
