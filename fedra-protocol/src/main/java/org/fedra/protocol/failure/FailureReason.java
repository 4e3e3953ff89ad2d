package org.fedra.protocol.failure;

/**
 * Why something Fedra was asked to do did not happen, in the domain's words. Domain code throws a {@link Failure}
 * with one of these; only the edges translate it: the HTTP APIs into a status code, the command line into an exit
 * code, the federation channel into the task result's reason. A new reason needs a mapping at every edge, which is
 * why the set is small.
 */
public enum FailureReason {
    /** The request itself is wrong (a field is missing, malformed or out of range); the message names the field. */
    BAD_INPUT,
    /** The thing named does not exist (or the caller may not know that it does). */
    NOT_FOUND,
    /** The request is sound but contradicts the current state (already decided, already running, a name taken). */
    CONFLICT,
    /** A policy refused it: a node's contract or policy, the federation's rules, a quota or rate limit. */
    REFUSED_BY_POLICY,
    /** The patients' consent does not allow it (too few consented patients, consent withdrawn). */
    CONSENT,
    /** Releasing the result would disclose too much (small cells, differencing, a spent query budget). */
    DISCLOSURE,
    /** A node that was needed is offline or did not answer in time. */
    NODE_OFFLINE,
    /** The caller did not prove who they are. */
    UNAUTHENTICATED,
    /** The caller is known but may not do this. */
    FORBIDDEN,
    /** Someone cancelled it, or its deadline passed; nothing was released. */
    CANCELLED,
    /** A fault of our own (a bug, a full disk); the message says what, never patient-level data. */
    INTERNAL
}
