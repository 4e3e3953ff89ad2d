package org.fedra.node.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.privacy.psi.OverlapCount;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.linkage.LinkageTasks;
import org.fedra.protocol.training.PlainUpdate;

/**
 * What an executor returns, by kind, so that the {@link ResultFilter}s and the pipeline know what to do with it:
 * counts still to pass disclosure control, a vector for a secure sum, an individual vector or a blinded set to send as
 * it is, or an answer ready to leave the node. Only a {@link Releasable} result leaves the node; counts become one
 * only through a filter that applies the node's disclosure rules.
 */
public sealed interface TaskResult {

    /** A result that may leave the node as it is: its bytes, and what the audit log says about them. */
    sealed interface Releasable extends TaskResult {
        Released release();
    }

    /**
     * Patient counts, one per labelled cohort, to be released only after disclosure control (minimum cell size,
     * rounding, the study's differencing audit). The patients' ids never leave the node.
     *
     * @param answer   the answer's fixed fields; the filter adds the disclosure settings and the per-cohort figures
     * @param cohorts  label to the patients counted, in the order released
     * @param action   what the audit log calls the release
     * @param audited  how the audit entry starts (task and study)
     * @param note     what the audit entry adds after the figures (e.g. consent requests sent)
     */
    record CohortCounts(ObjectNode answer, Map<String, Set<String>> cohorts, AuditAction action, String audited, String note)
            implements TaskResult {
        public CohortCounts {
            cohorts = new LinkedHashMap<>(cohorts);
        }
    }

    /**
     * Overlaps between blinded sets counted on this node, to be released through disclosure control.
     *
     * @param nodes     the nodes whose sets were counted, in the count's order
     * @param countedBy this node
     * @param audited   how the audit entry starts (study and job)
     */
    record OverlapCounts(OverlapCount count, List<String> nodes, String countedBy, String audited) implements TaskResult {
        public OverlapCounts {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * This node's vector for a secure sum; it leaves the node only masked.
     *
     * @param patients how many patients' data the vector sums, so that disclosure control can hold back a contribution
     *                 of fewer than the node's minimum (none included); -1 when the executor leaves that to itself
     */
    record SecureSumVector(double[] values, long patients) implements TaskResult {
        public SecureSumVector {
            Objects.requireNonNull(values, "values");
        }

        /** A vector whose executor applies its own minimum (regression, training). */
        public SecureSumVector(double[] values) {
            this(values, -1);
        }
    }

    /** A vector sent unmasked: the hub sees this node's figures on their own (an individual release). */
    record IndividualVector(double[] values, AuditAction action, String detail) implements Releasable {
        @Override
        public Released release() {
            return new Released(PlainUpdate.vectorBytes(values), action, detail);
        }
    }

    /** A set of blinded, shuffled group elements (record linkage): no patient can be told from it without the keys. */
    record BlindedElements(BlindedSet set, AuditAction action, String detail) implements Releasable {
        @Override
        public Released release() {
            return new Released(LinkageTasks.setResult(set), action, detail);
        }
    }

    /** An answer ready to leave the node, and its audit entry. */
    record Released(byte[] payload, AuditAction action, String detail) implements Releasable {
        @Override
        public Released release() {
            return this;
        }
    }
}
