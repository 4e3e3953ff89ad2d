package org.fedra.node.sandbox;

import java.nio.file.Path;
import java.util.List;
import org.fedra.protocol.pkg.Language;
import org.fedra.protocol.pkg.ResourceLimits;

/**
 * One run in the sandbox, from its fresh directories to their removal:
 * <pre>{@code
 * try (SandboxRun run = sandbox.newRun(runId)) {
 *     pkg.writeTo(run.packageDir());       // the approved bytes
 *     ... write the prepared data to run.inputDir() ...
 *     SandboxResult r = run.execute(Language.PYTHON, "main.py", limits);
 *     ... read what it wrote in run.outputDir() (regular files only: it may have left links) ...
 * }
 * }</pre>
 * Inside, the package sees {@code /package}, {@code /data} (read-only), {@code /output} and nothing of the node.
 */
public final class SandboxRun implements AutoCloseable {
    private final Sandbox sandbox;
    private final String runId;
    private final RunDirectory dir;
    private boolean executed;

    SandboxRun(Sandbox sandbox, String runId, RunDirectory dir) {
        this.sandbox = sandbox;
        this.runId = runId;
        this.dir = dir;
    }

    public String runId() {
        return runId;
    }

    /** Where the package's files go (mounted read-only as {@code /package}). */
    public Path packageDir() {
        return dir.packageDir;
    }

    /** Where the prepared data goes (mounted read-only as {@code /data}). */
    public Path inputDir() {
        return dir.inputDir;
    }

    /** What the run wrote ({@code /output} inside); read it only after {@link #execute}. */
    public Path outputDir() {
        return dir.outputDir;
    }

    /** Runs the entry point of a package in the sandbox; once per run. */
    public SandboxResult execute(Language language, String entryPoint, ResourceLimits limits) {
        return execute(sandbox.command(language, entryPoint), limits);
    }

    /** Runs a command (absolute paths inside the sandbox); for the start-up probe and benchmarks. */
    SandboxResult execute(List<String> command, ResourceLimits limits) {
        if (executed) throw new IllegalStateException("run " + runId + " was executed already");
        executed = true;
        dir.sealPackage();
        dir.sealInput();
        return sandbox.execute(runId, dir, command, limits);
    }

    /** Removes the run's directories and everything in them. */
    @Override
    public void close() {
        dir.close();
    }
}
