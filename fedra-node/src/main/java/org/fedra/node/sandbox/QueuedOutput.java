package org.fedra.node.sandbox;

import java.time.Instant;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.PackageHash;

/**
 * An output of a run that passed the output check, as the release queue records it.
 *
 * @param status    {@code pending} (waits for the steward), {@code released} or {@code rejected}
 * @param checkNote what the output check did (rows suppressed, counts rounded) or found
 * @param patients  how many patients the run's input held (their access logs name the run)
 * @param decidedBy the steward, or {@code policy} for an output released without review
 */
public record QueuedOutput(String outputId, String runId, String studyId, PackageHash packageHash, String file, OutputKind kind,
                           String status, String contentSha256, long contentBytes, String checkNote, int patients, Instant createdAt,
                           Instant decidedAt, String decidedBy, String decisionReason) {
    public static final String PENDING = "pending";
    public static final String RELEASED = "released";
    public static final String REJECTED = "rejected";

    public boolean released() {
        return RELEASED.equals(status);
    }
}
