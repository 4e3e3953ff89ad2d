package org.fedra.privacy.secagg;

/** Where a {@link SecAggClient} is in its round; each step is allowed from exactly one state. */
public enum ClientState {
    /** Created; next: advertise keys. */
    NEW,
    /** Keys advertised; next: share secrets to the roster. */
    KEYS_ADVERTISED,
    /** Shares sent; next: mask the input. */
    SHARES_SENT,
    /** Masked input sent; next: answer the unmask request. */
    INPUT_MASKED,
    /** Unmask answer sent; the round is over for this client. */
    FINISHED,
    /** A message was invalid; the client refuses to continue the round. */
    ABORTED
}
