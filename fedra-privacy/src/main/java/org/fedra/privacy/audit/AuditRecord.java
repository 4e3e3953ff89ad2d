package org.fedra.privacy.audit;

import java.util.Objects;

/**
 * One entry of a tamper-evident audit log: what happened, who did it, when, chained to the entry
 * before it by that entry's hash, and signed by the process that wrote it.
 *
 * @param sequence  1 for the first entry, then +1 for each entry
 * @param time      when it happened, as the writer's clock said (ISO-8601 text, kept verbatim)
 * @param actor     who did it (a node id, "hub", "operator", ...)
 * @param action    what happened, a dotted verb such as {@code task.received}
 * @param detail    free text or JSON with the particulars; never patient-level data
 * @param previous  hex SHA-256 of the previous entry ({@link AuditChain#GENESIS} for the first)
 * @param hash      hex SHA-256 of this entry's content including {@code previous}
 * @param signature base64 signature of {@code hash} by the writer's key
 */
public record AuditRecord(long sequence, String time, String actor, String action, String detail,
                          String previous, String hash, String signature) {
    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(signature, "signature");
    }
}
