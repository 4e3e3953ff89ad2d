package org.fedra.node.cohort;

/**
 * Where a patient falls for one feasibility query, for one purpose, organisation and instant. A patient
 * whose full data does not match (definitely false) is in no category.
 */
public enum FeasibilityCategory {
    /** Matches on exactly the data the consent-filtered view hands out for this purpose and organisation. */
    USABLE,
    /**
     * Would need consent: matches on the node's full data, is not usable, and no Consent of the patient denies
     * what the query needs; the refusal comes from the node's default policy alone (typically opt-in with no
     * Consent on file), so asking the patient could make them usable.
     */
    NEEDS_CONSENT,
    /**
     * Matches on full data but a Consent of the patient explicitly denies this purpose or organisation for a
     * resource type the query reads. Not recruitable and never to be asked again, so kept apart from
     * {@link #NEEDS_CONSENT}.
     */
    REFUSED,
    /**
     * Not usable, and on the node's full data the query is neither true nor false for the patient: a criterion
     * needs data the node does not hold (no birth date, no gender, or no observation of the code in the window
     * with a value in a comparable unit when the query asks for a range).
     */
    NOT_ASSESSABLE
}
