package org.fedra.privacy.audit;

import java.security.PublicKey;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a log against signed heads of it that another party holds (the hub holds every node's heads, each node the
 * hub's). A log that verifies on its own can still have been rolled back (cut back to an old head, the head file
 * replaced) or rewritten and re-signed by someone holding the key; the heads the other party received before cannot
 * be taken back, so either shows against them. Pure computation: the caller reads the log and fetches the heads.
 */
public final class AuditAnchor {
    /** What the held heads say about the log. */
    public enum Finding {
        /** Every held head names an entry of the log, with that entry's hash, signed by the log's key. */
        CONSISTENT,
        /** A held head counts more entries than the log holds: entries were removed from its end. */
        ROLLBACK,
        /** A held head's hash differs from the log's entry at that position, or the log's key did not sign it. */
        REWRITTEN
    }

    /**
     * A head the other party holds.
     *
     * @param count     entries the log held when the head was signed
     * @param hash      hash of the last of them
     * @param signature the log owner's signature of {@link AuditChain#headStatement}
     * @param heldSince when the other party received it (shown in reasons)
     */
    public record Held(long count, String hash, String signature, String heldSince) {}

    /**
     * @param finding what the heads say
     * @param checked how many held heads were compared
     * @param reason  the particulars, naming the head and the entries concerned
     */
    public record Result(Finding finding, int checked, String reason) {}

    private AuditAnchor() {}

    /**
     * Compares the log's records with the held heads.
     *
     * @param records the log's complete entries, oldest first (already verified on their own)
     * @param held    the heads the other party holds, in any order
     * @param key     the key that signed the log
     */
    public static Result check(AuditChain chain, List<AuditRecord> records, List<Held> held, PublicKey key) {
        List<Held> newestFirst = held.stream().sorted(Comparator.comparingLong(Held::count).reversed()).toList();
        for (Held h : newestFirst) {
            if (!chain.verifySignature(AuditChain.headStatement(h.count(), h.hash()), h.signature(), key)) {
                return new Result(Finding.REWRITTEN, held.size(), "the head of " + h.count() + " entries held since " + h.heldSince()
                        + " was not signed by this log's key: the log was re-signed with another key");
            }
        }
        if (!newestFirst.isEmpty() && newestFirst.get(0).count() > records.size()) {
            Held latest = newestFirst.get(0);
            return new Result(Finding.ROLLBACK, held.size(), "a head of " + latest.count() + " entries is held since " + latest.heldSince()
                    + ", but the log holds only " + records.size() + ": " + (latest.count() == records.size() + 1 ? "entry " + latest.count() + " was"
                    : "entries " + (records.size() + 1) + " to " + latest.count() + " were") + " removed (the log was rolled back)");
        }
        Held matching = null;
        for (Held h : held.stream().sorted(Comparator.comparingLong(Held::count)).toList()) {
            String actual = h.count() == 0 ? AuditChain.GENESIS : records.get((int) h.count() - 1).hash();
            if (!actual.equals(h.hash())) {
                String since = matching == null || matching.count() == 0 ? "" : " after entry " + matching.count() + " (whose head, held since "
                        + matching.heldSince() + ", still matches) and";
                return new Result(Finding.REWRITTEN, held.size(), "entry " + h.count() + " is not the entry whose head is held since " + h.heldSince()
                        + ": the log was rewritten" + since + " at or before entry " + h.count() + ", and re-signed");
            }
            matching = h;
        }
        return new Result(Finding.CONSISTENT, held.size(), newestFirst.isEmpty() ? "no head of this log is held"
                : "matches " + held.size() + " held head" + (held.size() == 1 ? "" : "s") + " (the latest: " + newestFirst.get(0).count()
                + " entries, held since " + newestFirst.get(0).heldSince() + ")");
    }
}
