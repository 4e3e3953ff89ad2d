package org.fedra.privacy.secagg;

/** Where a {@link SecAggServer} is in its round; each message is accepted in exactly one state. */
public enum ServerState {
    /** Accepting key advertisements. */
    COLLECTING_KEYS,
    /** Accepting share uploads. */
    COLLECTING_SHARES,
    /** Accepting masked inputs. */
    COLLECTING_MASKED_INPUTS,
    /** Accepting unmask responses. */
    COLLECTING_UNMASK_RESPONSES,
    /** The sum was computed. */
    FINISHED,
    /** Too few clients remained; the round cannot finish. */
    FAILED
}
