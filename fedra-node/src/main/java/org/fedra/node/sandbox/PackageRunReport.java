package org.fedra.node.sandbox;

import java.util.List;
import java.util.Objects;

/**
 * What came of a package run that was allowed to start (a refused one is a {@link org.fedra.protocol.failure.Failure}).
 *
 * @param completed   whether the package ran to a clean exit; when not, nothing it wrote is released
 * @param termination how the sandboxed run ended
 * @param reason      for the researcher and the audit log: how it ended, and why
 * @param patients    patients in the run's input
 * @param outputs     each declared output after the output check (only for a completed run)
 * @param queued      the outputs that passed: released or waiting for the steward
 * @param logs        standard output and error as the researcher may see them
 */
public record PackageRunReport(String runId, boolean completed, Termination termination, String reason, int patients, List<CheckedOutput> outputs,
                               List<QueuedOutput> queued, List<CheckedLog> logs) {
    public PackageRunReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(reason, "reason");
        outputs = List.copyOf(outputs);
        queued = List.copyOf(queued);
        logs = List.copyOf(logs);
    }

    /** The checked output of a file, or null. */
    public CheckedOutput output(String file) {
        return outputs.stream().filter(o -> o.file().equals(file)).findFirst().orElse(null);
    }

    /** The researcher's view of standard output or error ({@code "standard output"}, {@code "standard error"}). */
    public CheckedLog log(String stream) {
        return logs.stream().filter(l -> l.stream().equals(stream)).findFirst().orElseThrow();
    }
}
