package org.fedra.privacy.psi;

/** What the client learns from a PSI run. */
public enum PsiMode {
    /**
     * Only the number of shared identifiers: the server shuffles the doubly-blinded client set, so
     * the client cannot tell which of its identifiers matched.
     */
    CARDINALITY,
    /** Which of the client's own identifiers are shared (the server learns nothing either way). */
    INTERSECTION
}
