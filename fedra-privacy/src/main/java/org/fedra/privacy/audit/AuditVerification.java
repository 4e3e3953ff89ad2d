package org.fedra.privacy.audit;

/**
 * The outcome of verifying an audit log.
 *
 * <p>Three outcomes matter to a reader: the log is <em>intact</em> (every entry holds and the signed head names the
 * last one); it holds only <em>crash residue</em> (every entry holds, but validly signed entries follow the signed head,
 * or an unfinished last line follows the entries: what a crash between writing entries and signing their head leaves,
 * never an acknowledged entry missing); or it was <em>tampered with</em> ({@link #firstBroken()} names the first entry
 * that does not hold).
 *
 * @param intact          true when every entry holds, the signed head names the last entry and nothing follows it
 * @param entries         the number of complete entries read (0 when tampered with)
 * @param firstBroken     the 1-based position of the first entry that does not hold, or 0 when none is broken
 * @param reason          what is wrong or left over, or empty when intact
 * @param beyondHead      validly signed entries after the one the signed head names (crash residue)
 * @param unfinishedBytes bytes of an unfinished last line after the entries (a write cut off; crash residue)
 */
public record AuditVerification(boolean intact, long entries, long firstBroken, String reason, long beyondHead, long unfinishedBytes) {
    static AuditVerification ok(long entries) {
        return new AuditVerification(true, entries, 0, "", 0, 0);
    }

    static AuditVerification broken(long position, String reason) {
        return new AuditVerification(false, 0, position, reason, 0, 0);
    }

    static AuditVerification beyondHead(long entries, long beyondHead, String reason) {
        return new AuditVerification(false, entries, 0, reason, beyondHead, 0);
    }

    /** A log that was tampered with: some entry or the head does not hold. */
    public static AuditVerification tampered(long position, String reason) {
        return broken(position, reason);
    }

    /** True when nothing is broken but a crash left entries beyond the signed head or an unfinished last line. */
    public boolean crashResidue() {
        return !intact && firstBroken == 0;
    }

    /** True when an entry or the head does not hold: the log was changed, cut, reordered or forged. */
    public boolean tampered() {
        return !intact && firstBroken > 0;
    }

    /**
     * This outcome with an unfinished last line of {@code bytes} after the complete entries: an intact log becomes crash
     * residue; a tampered one stays tampered.
     */
    public AuditVerification withUnfinishedLine(long bytes) {
        if (bytes == 0 || tampered()) {
            return this;
        }
        String unfinished = "an unfinished entry of " + bytes + " bytes follows the last complete entry (a write cut off by a crash; it was never"
                + " acknowledged)";
        return new AuditVerification(false, entries, 0, reason.isEmpty() ? unfinished : reason + "; " + unfinished, beyondHead, bytes);
    }
}
