package org.fedra.protocol.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedra.privacy.audit.AuditAnchor;
import org.fedra.privacy.audit.AuditChain;
import org.fedra.privacy.audit.AuditRecord;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;

/**
 * The append-only audit log of a hub or node, in the process's data directory: {@code audit.log} (one JSON entry per
 * line, each chained to the one before and signed), {@code audit.head} (the signed count and last hash, so a cut tail
 * is detected), {@code audit-key.pem} (the public key that verifies them) and {@code audit-cert.pem} (that key's
 * certificate from the federation CA, so a verifier need not trust the key file beside the log).
 *
 * <h2>Write order and recovery</h2>
 * Entries appended by concurrent callers share one write (group commit): the batch's lines are appended and forced to
 * the disk, then the new head is signed and written (temporary file renamed into place), and only then does {@link
 * #append} return: an entry is acknowledged when it is on the disk and under the head. A crash (SIGKILL, power loss) at
 * any point therefore leaves one of:
 * <ul>
 *   <li>the log as it was, or with validly signed entries after the head (written, maybe forced, head not yet
 *       replaced): {@linkplain #open opening} adopts them, by appending an {@code audit.recovered} entry (which also
 *       signs a new head);</li>
 *   <li>an unfinished last line (the write was cut off; bytes after the last line break): it was never acknowledged,
 *       since the line break ends the write that must complete and reach the disk before {@code append} returns, so
 *       opening cuts it off and records its length and hash in the {@code audit.recovered} entry;</li>
 *   <li>a stray temporary head file: removed.</li>
 * </ul>
 * Everything else (a changed, removed, reordered or forged entry, a head that names more or other entries than the log
 * holds, a missing or forged head beside an existing log) is tampering: {@link #open} refuses to append, and
 * {@link #verify} names the first entry that does not hold. Opening checks every entry's link and hash but only the
 * newest signature, which through the links covers every entry before it ({@link AuditChain#verifyLinks}), so that a
 * start does not take longer as the log grows; {@link #verify} checks every signature.
 *
 * <p>Writers are serialised by {@code audit.lock} across threads and processes (the command line may record beside a
 * running node); a writer that finds entries another process appended verifies them and chains on from the last.
 */
public final class AuditLog {
    public static final String LOG_FILE = "audit.log";
    public static final String HEAD_FILE = "audit.head";
    public static final String KEY_FILE = "audit-key.pem";
    /** The certificate of the log's key, issued by the federation CA. */
    public static final String CERT_FILE = "audit-cert.pem";
    /** The federation CA's certificate, which hubs and nodes keep in their data directory. */
    public static final String CA_FILE = "ca-cert.pem";
    static final String LOCK_FILE = "audit.lock";

    /** Longest detail recorded; longer text is cut (and says so). */
    public static final int MAX_DETAIL = 4000;

    private static final AuditChain CHAIN = new AuditChain(Certificates.SIGNATURE_ALGORITHM);

    private final AuditFiles files;
    private final KeyPair key;
    private final Clock clock;
    private final Principal owner;
    private final GroupCommit<Pending> commit = new GroupCommit<>(this::write);
    // Written only by the group commit's current leader, under the writers' lock.
    private AuditRecord last;
    private long knownSize;
    private boolean resync;
    private volatile SignedHead head;

    private AuditLog(AuditFiles files, KeyPair key, Clock clock, Principal owner) {
        this.files = files;
        this.key = key;
        this.clock = clock;
        this.owner = owner;
    }

    /**
     * Opens (or starts) the log in {@code dir}, signing with {@code key}, which no certificate vouches for (tests, tools).
     * See {@link #open(Path, KeyPair, X509Certificate, Clock, Principal)}.
     */
    public static AuditLog open(Path dir, KeyPair key, Clock clock, Principal owner) {
        return open(dir, key, null, clock, owner);
    }

    /**
     * Opens (or starts) the log in {@code dir}, signing with {@code key}. Recovers what a crash left (see the class
     * description) and records the recovery; refuses to append to a log that was tampered with, so that it is never
     * silently extended.
     *
     * @param certificate the federation CA's certificate of {@code key}, kept beside the log (and recorded in it when a log
     *                    that already holds entries is certified, or re-certified); null for an uncertified log
     * @param owner       the hub or node that keeps the log: the principal of the entries it records on its own behalf
     * @throws CorruptFileException the log does not verify, or the key files beside it belong to another key
     */
    public static AuditLog open(Path dir, KeyPair key, X509Certificate certificate, Clock clock, Principal owner) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CorruptFileException(dir, "cannot be created: " + e.getMessage(), e);
        }
        AuditLog log = new AuditLog(new AuditFiles(dir), key, clock, owner);
        Optional<String> recovered;
        Optional<String> certified = Optional.empty();
        try (AuditFiles.Lock held = log.files.lock()) {
            log.checkKeyFile(dir);
            log.files.removeTemporaries();
            recovered = log.recover();
            if (certificate != null) {
                Optional<String> kept = AuditCertificate.keep(dir, key.getPublic(), certificate);
                // a new log starts certified; an existing one records when (and by what) its key was certified
                certified = log.last == null ? Optional.empty() : kept;
            }
        }
        recovered.ifPresent(note -> log.append(AuditAction.AUDIT_RECOVERED, note));
        certified.ifPresent(note -> log.append(AuditAction.AUDIT_CERTIFIED, note));
        return log;
    }

    /** The hub or node that keeps this log. */
    public Principal owner() {
        return owner;
    }

    /** The head this log signed last: what the hub and its nodes send each other. */
    public SignedHead head() {
        return head;
    }

    /** Appends an entry of something the log's owner did on its own behalf (see {@link #append(AuditAction, Principal, String)}). */
    public AuditRecord append(AuditAction action, String detail) {
        return append(action, owner, detail);
    }

    /**
     * Appends one entry, durably: when this returns, the entry is on the disk and covered by the signed head. Entries
     * appended by concurrent callers share one write and one flush. The detail is made safe first ({@link
     * AuditText#clean}): control and bidirectional-override characters replaced, length bounded.
     *
     * @param who who acted: the researcher or organisation a release is for, the steward who decided, the patient
     *            who withdrew, or the log's {@linkplain #owner() owner}
     * @throws UncheckedIOException the entry could not be written (the log then re-reads its end before the next append)
     * @throws CorruptFileException another writer left the log in a state that does not verify
     */
    public AuditRecord append(AuditAction action, Principal who, String detail) {
        Pending p = new Pending(clock.instant().toString(), who.toString(), action.code(), AuditText.clean(detail, MAX_DETAIL));
        commit.submit(p);
        return p.record;
    }

    /**
     * Verifies the log in {@code dir} with the public key stored beside it (whether that key is the certified one is
     * {@link AuditCertificate#problem}'s question). The log may be live: a writer appends entries, then signs the new
     * head, so a reader in between sees entries beyond the head or a line being written. Such a check is repeated for up
     * to a second, until the head has caught up; what remains is reported as {@linkplain AuditVerification#crashResidue()
     * crash residue}, which the next start adopts.
     */
    public static AuditVerification verify(Path dir) {
        PublicKey key = Pem.readPublicKey(dir.resolve(KEY_FILE));
        AuditFiles files = new AuditFiles(dir);
        for (int attempt = 0; ; attempt++) {
            AuditFiles.HeadRead head = files.readHead(key, CHAIN); // before the entries: the head can then only lag behind them
            AuditFiles.Content content = files.readAll();
            AuditVerification v = check(content, head, key, true);
            if (!v.crashResidue() || attempt == 20) {
                return v;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return v;
            }
        }
    }

    /**
     * Compares the log in {@code dir} with heads of it that another party holds (the hub holds every node's): detects a
     * log that verifies on its own but was rolled back or rewritten and re-signed. The log itself should verify first.
     */
    public static AuditAnchor.Result verifyAgainst(Path dir, List<AuditAnchor.Held> held) {
        PublicKey key = Pem.readPublicKey(dir.resolve(KEY_FILE));
        return AuditAnchor.check(CHAIN, new AuditFiles(dir).readAll().records(), held, key);
    }

    /** True when {@code head} is signed by the key whose certificate is {@code signer}. */
    public static boolean signedBy(SignedHead head, PublicKey signer) {
        return CHAIN.verifySignature(AuditChain.headStatement(head.count(), head.hash()), head.signature(), signer);
    }

    /**
     * Verifies entries and head. {@code everySignature}: whether each entry's signature is checked (a verifier naming a
     * damaged signature) or only the newest (a writer opening the log: see {@link AuditChain#verifyLinks}).
     */
    private static AuditVerification check(AuditFiles.Content content, AuditFiles.HeadRead head, PublicKey key, boolean everySignature) {
        AuditChain.Head expected = head.usable() ? head.head() : null;
        AuditVerification v = everySignature ? CHAIN.verify(null, content.records(), expected, key)
                : CHAIN.verifyLinks(null, content.records(), expected, key);
        if (!head.usable() && !head.problem().isEmpty() && !v.tampered()) {
            return AuditVerification.tampered(content.records().size() + 1, HEAD_FILE + " is " + head.problem());
        }
        return v.withUnfinishedLine(content.unfinishedBytes());
    }

    private void checkKeyFile(Path dir) {
        Path keyFile = dir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            if (Files.exists(dir.resolve(LOG_FILE))) {
                throw new CorruptFileException(keyFile, "is missing while " + LOG_FILE + " exists; refusing to start a new audit key over an existing log");
            }
            Pem.write(keyFile, false, key.getPublic());
        } else if (!Pem.readPublicKey(keyFile).equals(key.getPublic())) {
            throw new CorruptFileException(keyFile, "does not match this process's key");
        }
    }

    /**
     * Reads and verifies the whole log under the writers' lock, cuts an unfinished last line off, and returns what the
     * recovery entry should say (empty when the log was intact). Starts a new log with a head of no entries, so that a
     * log file never exists without a head.
     */
    private Optional<String> recover() {
        AuditFiles.Content content = files.readAll();
        AuditFiles.HeadRead read = files.readHead(key.getPublic(), CHAIN);
        if (!content.exists() && !read.usable() && read.problem().isEmpty()) {
            writeHead(null);
            knownSize = 0;
            return Optional.empty();
        }
        AuditVerification v = check(content, read, key.getPublic(), false);
        if (v.tampered()) {
            throw new CorruptFileException(files.log(), "does not verify (" + v.reason() + "); refusing to append to it");
        }
        last = content.records().isEmpty() ? null : content.records().get(content.records().size() - 1);
        knownSize = content.completeBytes();
        head = new SignedHead(read.head().count(), read.head().hash(), read.signature());
        return residue(v, content);
    }

    /** Re-reads what was appended since this writer's last batch (by another process, or a batch that failed half-way). */
    private Optional<String> resync() {
        AuditFiles.HeadRead read = files.readHead(key.getPublic(), CHAIN);
        long size = files.logSize();
        long base = last == null ? 0 : last.sequence();
        AuditFiles.Content content;
        AuditVerification v;
        if (size < knownSize) {
            throw new CorruptFileException(files.log(), "shrank from " + knownSize + " to " + size + " bytes while this process was appending to it;"
                    + " refusing to append to it");
        }
        if (read.usable() && read.head().count() >= base) {
            content = files.readFrom(knownSize, base);
            v = CHAIN.verifyLinks(last, content.records(), read.head(), key.getPublic()).withUnfinishedLine(content.unfinishedBytes());
        } else {
            content = files.readAll();
            knownSize = 0;
            last = null;
            v = check(content, read, key.getPublic(), false);
        }
        if (v.tampered()) {
            throw new CorruptFileException(files.log(), "changed while this process was appending to it (" + v.reason() + "); refusing to append to it");
        }
        if (!content.records().isEmpty()) {
            last = content.records().get(content.records().size() - 1);
        }
        Optional<String> note = residue(v, content);
        knownSize = content.offset() + content.completeBytes();
        resync = false;
        return note;
    }

    /** Cuts an unfinished last line off and describes the residue for the recovery entry. */
    private Optional<String> residue(AuditVerification v, AuditFiles.Content content) {
        if (!v.crashResidue()) {
            return Optional.empty();
        }
        List<String> what = new ArrayList<>();
        if (v.beyondHead() > 0) {
            long to = v.entries();
            long from = to - v.beyondHead() + 1;
            what.add("adopted " + (from == to ? "entry " + to : "entries " + from + " to " + to) + ", validly signed but written after the signed head");
        }
        if (v.unfinishedBytes() > 0) {
            what.add("discarded an unfinished last line of " + v.unfinishedBytes() + " bytes (sha256 " + content.unfinishedHash() + "), never acknowledged");
            files.truncate(content.offset() + content.completeBytes());
        }
        return Optional.of("recovered after an unclean stop: " + String.join("; ", what));
    }

    private void write(List<Pending> batch) {
        try (AuditFiles.Lock held = files.lock()) {
            List<Pending> all = batch;
            if (resync || files.logSize() != knownSize) {
                Optional<String> note = resync();
                if (note.isPresent()) {
                    all = new ArrayList<>(batch.size() + 1);
                    all.add(new Pending(clock.instant().toString(), owner.toString(), AuditAction.AUDIT_RECOVERED.code(), note.get()));
                    all.addAll(batch);
                }
            }
            ByteArrayOutputStream lines = new ByteArrayOutputStream(all.size() * 512);
            AuditRecord previous = last;
            for (Pending p : all) {
                p.record = CHAIN.next(previous, p.time, p.actor, p.action, p.detail, key.getPrivate());
                lines.writeBytes(AuditFiles.line(p.record));
                previous = p.record;
            }
            files.append(lines.toByteArray());
            last = previous;
            knownSize += lines.size();
            writeHead(previous);
        } catch (IOException e) {
            resync = true;
            throw new UncheckedIOException("cannot append to the audit log " + files.log() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            resync = true;
            throw e;
        }
    }

    private void writeHead(AuditRecord r) {
        long count = r == null ? 0 : r.sequence();
        String hash = r == null ? AuditChain.GENESIS : r.hash();
        SignedHead h = new SignedHead(count, hash, CHAIN.sign(AuditChain.headStatement(count, hash), key.getPrivate()));
        try {
            files.writeHead(h.count(), h.hash(), h.signature());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit log's head " + HEAD_FILE + ": " + e.getMessage(), e);
        }
        head = h;
    }

    /** An entry waiting for its batch; {@link #record} is filled in when the batch is signed. */
    private static final class Pending {
        final String time;
        final String actor;
        final String action;
        final String detail;
        AuditRecord record;

        Pending(String time, String actor, String action, String detail) {
            this.time = time;
            this.actor = actor;
            this.action = action;
            this.detail = detail;
        }
    }
}
