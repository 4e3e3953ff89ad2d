package org.fedra.privacy.audit;

/**
 * The outcome of verifying an audit log.
 *
 * @param intact       true when every entry holds
 * @param entries      the number of entries read
 * @param firstBroken  the 1-based position of the first entry that does not hold, or 0 when intact
 * @param reason       what is wrong with that entry, or empty when intact
 */
public record AuditVerification(boolean intact, long entries, long firstBroken, String reason) {
    static AuditVerification ok(long entries) {
        return new AuditVerification(true, entries, 0, "");
    }

    static AuditVerification broken(long position, String reason) {
        return new AuditVerification(false, 0, position, reason);
    }
}
