package org.fedra.node.sandbox;

/** How a sandboxed run ended. Every value but {@link #COMPLETED} means nothing the run wrote is released. */
public enum Termination {
    /** The package's entry point exited with status 0. */
    COMPLETED,
    /** It exited with another status (an uncaught error, or a refused system call it did not handle). */
    FAILED,
    /** It ran past its wall-time limit and was killed with all its processes. */
    TIME_LIMIT,
    /** A process used up its processor-time limit. */
    CPU_LIMIT,
    /** The run needed more memory than its limit and was killed. */
    MEMORY_LIMIT,
    /** The run tried to have more processes than its limit and failed. */
    PROCESS_LIMIT,
    /** The run wrote more than its output limit (files, or standard output and error) and was stopped. */
    OUTPUT_LIMIT,
    /** The sandbox could not be started (bubblewrap never ran); the package did not run. */
    SANDBOX_ERROR
}
