package org.fedra.cli;

/** Exit codes scripts can rely on. */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Something failed that is not one of the cases below (the message says what). */
    public static final int FAILURE = 1;
    /**
     * The command line or an input was wrong (unknown option, malformed value). For {@code fedra node import}: some
     * resources, rows or files were refused (each is listed with its position) while the valid rest was stored.
     */
    public static final int USAGE = 2;
    /** The data directory is missing, damaged, or not what the command expects; nothing was changed. */
    public static final int DATA_DIR = 3;
    /** The hub could not be reached, or refused this node or request (bad token, revoked, wrong CA). */
    public static final int REFUSED = 4;

    private ExitCodes() {}
}
