package org.fedra.node.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What a sandboxed run did: how it ended and why, its exit status, what it wrote to standard output and error (bounded,
 * not yet checked: it may hold patient-level data and never leaves the node unchecked) and how long it took.
 *
 * @param reason   for people: why it ended so ({@code "exited with status 1"}, {@code "ran past its wall-time limit of 2 s"})
 * @param exitCode the entry point's exit status, or -1 when it was killed by the node or never started
 */
public record SandboxResult(Termination termination, String reason, int exitCode, byte[] stdout, byte[] stderr, Duration elapsed) {
    public SandboxResult {
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(reason, "reason");
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    public boolean completed() {
        return termination == Termination.COMPLETED;
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }
}
