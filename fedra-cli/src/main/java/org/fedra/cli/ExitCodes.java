package org.fedra.cli;

/** Exit codes scripts can rely on. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /**
     * The request was sound but produced no result: an analysis job failed or was cancelled (no usable row, too few
     * patients to release, a node offline), the state did not allow it (a job already over), an audit log does not
     * verify, or anything else failed that is not one of the cases below (the message says what).
     */
    public static final int FAILURE = 1;
    /**
     * The command line or an input was wrong (unknown option, malformed value). For {@code fedra node import}: some
     * resources, rows or files were refused (each is listed with its position) while the valid rest was stored.
     */
    public static final int USAGE = 2;
    /** The data directory is missing, damaged, or not what the command expects; nothing was changed. */
    public static final int DATA_DIR = 3;
    /**
     * The hub (or the node's steward API) could not be reached, or refused this node or caller (bad token, revoked,
     * wrong CA); {@code study create}: no node accepted the study. Never for an analysis that ran without a result.
     */
    public static final int REFUSED = 4;

    private ExitCodes() {}
}
