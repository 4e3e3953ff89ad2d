package org.fedra.node.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedra.privacy.disclosure.DisclosureRefusedException;
import org.fedra.privacy.disclosure.QueryAuditor;

/**
 * Decides, for one requesting organisation, whether a count may leave the node given everything released to that
 * organisation before (all its studies). Three answers:
 * <ul>
 *   <li>{@link Outcome#SUPPRESSED}: fewer than the minimum patients, zero included, so that "none" and "a few" look the
 *       same ({@code "<10"});</li>
 *   <li>{@link Outcome#REFUSED}: the toolkit's {@link QueryAuditor} finds that, with the earlier releases, it isolates a
 *       group smaller than the minimum; or it covers exactly the same patients as an earlier release of a
 *       <em>differently worded</em> question. The second rule is what keeps a refusal from telling "a few" from
 *       "none": "all males" then "all males except the target" is refused whether the target exists (a difference of
 *       one) or not (a difference of none);</li>
 *   <li>{@link Outcome#RELEASED}: otherwise; the count joins the history.</li>
 * </ul>
 * Pure: the {@link ReleaseLedger} gives it the history and keeps what it decided.
 */
final class ReleaseAuditor {
    /** What was decided about one count. */
    enum Outcome {
        RELEASED, SUPPRESSED, REFUSED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An earlier released count, or one asked now.
     *
     * @param label       task and category (unique in the ledger)
     * @param fingerprint what was asked, the study left out: the same question in another study has the same one
     * @param patients    the patients counted
     */
    record Count(String label, String fingerprint, Set<String> patients) {
        Count {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(fingerprint, "fingerprint");
            patients = Set.copyOf(patients);
        }
    }

    private final long minimum;
    private final QueryAuditor differencing;
    private final List<Count> history = new java.util.ArrayList<>();

    /**
     * @param minimum the smallest group a release, or a difference of releases, may describe (the node's minimum cell)
     * @param released the organisation's earlier released counts, oldest first
     */
    ReleaseAuditor(long minimum, Collection<Count> released) {
        this.minimum = minimum;
        this.differencing = new QueryAuditor(minimum);
        for (Count c : released) {
            try {
                differencing.release(c.label(), c.patients());
            } catch (DisclosureRefusedException afterErasure) {
                // only possible once an erased patient left a stored set; that patient can no longer be isolated
            }
            history.add(c);
        }
    }

    /** Decides about a count; a released one is added to the history the next decision sees. */
    Outcome decide(Count asked) {
        if (asked.patients().size() < minimum) {
            return Outcome.SUPPRESSED;
        }
        for (Count earlier : history) {
            if (!earlier.fingerprint().equals(asked.fingerprint()) && earlier.patients().equals(asked.patients())) {
                return Outcome.REFUSED;
            }
        }
        try {
            differencing.release(asked.label(), asked.patients());
        } catch (DisclosureRefusedException refused) {
            return Outcome.REFUSED;
        }
        history.add(asked);
        return Outcome.RELEASED;
    }
}
