package org.fedra.privacy.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash chain and signatures behind every Fedra audit log. Pure computation: the caller stores
 * and reads the records, and gives the clock reading and the keys.
 *
 * <p>Each record's hash covers its sequence number, time, actor, action, detail and the previous
 * record's hash, in a length-prefixed encoding so that no two different records share a preimage.
 * The hash is signed with the writer's key. A verifier therefore detects an edited record (its hash
 * no longer matches), a removed or reordered record (the next record's {@code previous} or sequence
 * no longer matches) and a forged record (the signature fails). Removal of the newest records is
 * detected against a signed head (count and last hash) that the store keeps beside the log. The head is signed after
 * the entries it covers are written, so validly signed entries after the head are what a crash in between leaves
 * ({@link AuditVerification#crashResidue()}), while a head that names more entries than the log holds, or a different
 * last hash, means entries were removed or changed.
 */
public final class AuditChain {
    /** The {@code previous} hash of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private final String signatureAlgorithm;

    /** @param signatureAlgorithm a JCA signature name matching the keys, e.g. {@code SHA256withECDSA} or {@code Ed25519} */
    public AuditChain(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** Builds and signs the record that follows {@code last} (null for the first record). */
    public AuditRecord next(AuditRecord last, String time, String actor, String action, String detail, PrivateKey key) {
        long sequence = last == null ? 1 : last.sequence() + 1;
        String previous = last == null ? GENESIS : last.hash();
        String hash = hash(sequence, time, actor, action, detail, previous);
        return new AuditRecord(sequence, time, actor, action, detail, previous, hash, sign(hash, key));
    }

    /** Signs an arbitrary statement (used for the log's head) with the writer's key. */
    public String sign(String text, PrivateKey key) {
        try {
            Signature s = Signature.getInstance(signatureAlgorithm);
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign audit entry with " + signatureAlgorithm + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code signature} is a valid signature of {@code text} under {@code key}. */
    public boolean verifySignature(String text, String signature, PublicKey key) {
        try {
            Signature s = Signature.getInstance(signatureAlgorithm);
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] raw = Base64.getDecoder().decode(signature);
            // Only the canonical spelling counts: base64 has spare bits in its last character, so a
            // changed character could otherwise decode to the same signature and go unnoticed.
            if (!Base64.getEncoder().encodeToString(raw).equals(signature)) {
                return false;
            }
            return s.verify(raw);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Verifies a whole log in order.
     *
     * @param records      the records as stored, oldest first
     * @param expectedHead the signed head's count and hash, or null when no head is kept
     * @return the outcome, naming the first record that does not hold
     */
    public AuditVerification verify(List<AuditRecord> records, Head expectedHead, PublicKey key) {
        return verify(null, records, expectedHead, key);
    }

    /**
     * Verifies the records that follow {@code after} (an entry already verified; null for the start of the log), for a
     * writer that checks only what another writer appended since it last looked.
     *
     * @param expectedHead the signed head, naming {@code after} or a later entry (or null when no head is kept)
     * @throws IllegalArgumentException when the head names an entry before {@code after}: check the whole log then
     */
    public AuditVerification verify(AuditRecord after, List<AuditRecord> records, Head expectedHead, PublicKey key) {
        return verify(after, records, expectedHead, key, true);
    }

    /**
     * Verifies every record's sequence number, link and hash, but only the newest record's signature: that signature
     * covers the newest hash, which through the links commits to every record before it, so any change made without the
     * key still shows (as a broken link or hash, or as the newest signature failing). One signature check instead of one
     * per record: what a writer needs before it appends, at a cost that does not grow with the signatures of a long log.
     * A verifier that must also name a damaged signature of an older record uses {@link #verify(AuditRecord, List, Head,
     * PublicKey)}.
     */
    public AuditVerification verifyLinks(AuditRecord after, List<AuditRecord> records, Head expectedHead, PublicKey key) {
        return verify(after, records, expectedHead, key, false);
    }

    private AuditVerification verify(AuditRecord after, List<AuditRecord> records, Head expectedHead, PublicKey key, boolean everySignature) {
        long base = after == null ? 0 : after.sequence();
        String start = after == null ? GENESIS : after.hash();
        if (expectedHead != null && expectedHead.count() >= 0 && expectedHead.count() < base) {
            throw new IllegalArgumentException("the head names entry " + expectedHead.count() + ", before the first one checked here (" + (base + 1) + ")");
        }
        String previous = start;
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            long position = base + i + 1;
            if (r.sequence() != position) {
                return AuditVerification.broken(position, "entry " + position + " carries sequence number "
                        + r.sequence() + ": an entry before it was removed or the entries were reordered");
            }
            if (!r.previous().equals(previous)) {
                return AuditVerification.broken(position, "entry " + position
                        + " does not follow the entry before it (previous-hash mismatch): an entry was changed, removed or reordered");
            }
            String recomputed = hash(r.sequence(), r.time(), r.actor(), r.action(), r.detail(), r.previous());
            if (!recomputed.equals(r.hash())) {
                return AuditVerification.broken(position, "entry " + position + " was changed (its content no longer matches its hash)");
            }
            if ((everySignature || i == records.size() - 1) && !verifySignature(r.hash(), r.signature(), key)) {
                return AuditVerification.broken(position, "entry " + position + " has an invalid signature");
            }
            previous = r.hash();
        }
        long total = base + records.size();
        if (expectedHead != null && (expectedHead.count() != total || !expectedHead.hash().equals(previous))) {
            long count = expectedHead.count();
            if (count >= base && count <= total) {
                String atHead = count == base ? start : records.get((int) (count - base) - 1).hash();
                if (!expectedHead.hash().equals(atHead)) {
                    return AuditVerification.broken(Math.max(count, 1), "the signed head records " + count + " entries, but its hash is not that of entry "
                            + count + ": the entries were changed or the head was replaced");
                }
                long beyond = total - count;
                return AuditVerification.beyondHead(total, beyond, "the log holds " + total + " entries but its signed head records "
                        + count + ": " + (beyond == 1 ? "entry " + total + " is" : "entries " + (count + 1) + " to " + total + " are")
                        + " validly signed but beyond the signed head (written just before a crash, or while the log is being written)");
            }
            long first = Math.min(total, Math.max(count, 0)) + 1;
            return AuditVerification.broken(first, "the log holds " + total + " entries but its signed head records "
                    + count + ": entries from " + first + " on were removed or added");
        }
        return AuditVerification.ok(total);
    }

    /** The statement signed for a log's head. */
    public static String headStatement(long count, String lastHash) {
        return "fedra-audit-head|" + count + "|" + lastHash;
    }

    static String hash(long sequence, String time, String actor, String action, String detail, String previous) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String field : new String[] {Long.toString(sequence), time, actor, action, detail, previous}) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                d.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A log's head: how many entries it had and the hash of the last one. */
    public record Head(long count, String hash) {}
}
