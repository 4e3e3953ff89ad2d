package org.fedra.protocol.audit;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.fedra.privacy.audit.AuditChain;
import org.fedra.privacy.audit.AuditRecord;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.CorruptFileException;
import org.fedra.protocol.pki.Pem;

/**
 * The append-only audit log of a hub or node: {@code audit.log} (one JSON entry per line, each
 * chained to the one before and signed), {@code audit.head} (the signed count and last hash, so a
 * truncated tail is detected) and {@code audit-key.pem} (the public key that verifies them), all in
 * the process's data directory.
 */
public final class AuditLog {
    public static final String LOG_FILE = "audit.log";
    public static final String HEAD_FILE = "audit.head";
    public static final String KEY_FILE = "audit-key.pem";

    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final AuditChain CHAIN = new AuditChain(Certificates.SIGNATURE_ALGORITHM);

    private final Path dir;
    private final KeyPair key;
    private final Clock clock;
    private final Principal owner;
    private AuditRecord last;

    private AuditLog(Path dir, KeyPair key, Clock clock, Principal owner, AuditRecord last) {
        this.dir = dir;
        this.key = key;
        this.clock = clock;
        this.owner = owner;
        this.last = last;
    }

    /**
     * Opens (or starts) the log in {@code dir}, signing with {@code key}. Refuses to append to a log
     * that does not verify, so that a tampered log is never silently extended.
     *
     * @param owner the hub or node that keeps the log: the principal of the entries it records on its own behalf
     */
    public static AuditLog open(Path dir, KeyPair key, Clock clock, Principal owner) {
        Path keyFile = dir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            if (Files.exists(dir.resolve(LOG_FILE))) {
                throw new CorruptFileException(keyFile, "is missing while " + LOG_FILE + " exists; refusing to start a new audit key over an existing log");
            }
            Pem.write(keyFile, false, key.getPublic());
        } else if (!Pem.readPublicKey(keyFile).equals(key.getPublic())) {
            throw new CorruptFileException(keyFile, "does not match this process's key");
        }
        List<AuditRecord> records = read(dir.resolve(LOG_FILE));
        AuditVerification v = CHAIN.verify(records, readHead(dir), key.getPublic());
        if (!v.intact()) {
            throw new CorruptFileException(dir.resolve(LOG_FILE), "does not verify (" + v.reason() + "); refusing to append to it");
        }
        return new AuditLog(dir, key, clock, owner, records.isEmpty() ? null : records.get(records.size() - 1));
    }

    /** The hub or node that keeps this log. */
    public Principal owner() {
        return owner;
    }

    /** Appends an entry of something the log's owner did on its own behalf (see {@link #append(AuditAction, Principal, String)}). */
    public AuditRecord append(AuditAction action, String detail) {
        return append(action, owner, detail);
    }

    /** Longest detail recorded; longer text is cut (and says so). */
    public static final int MAX_DETAIL = 4000;

    /**
     * Appends one entry (durably: the write reaches the disk before this returns). The detail is made safe first
     * ({@link AuditText#clean}): control and bidirectional-override characters replaced, length bounded.
     *
     * @param who who acted: the researcher or organisation a release is for, the steward who decided, the patient
     *            who withdrew, or the log's {@linkplain #owner() owner}
     */
    public synchronized AuditRecord append(AuditAction action, Principal who, String detail) {
        AuditRecord next = CHAIN.next(last, clock.instant().toString(), who.toString(), action.code(), AuditText.clean(detail, MAX_DETAIL),
                key.getPrivate());
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", next.sequence());
        o.put("time", next.time());
        o.put("actor", next.actor());
        o.put("action", next.action());
        o.put("detail", next.detail());
        o.put("prev", next.previous());
        o.put("hash", next.hash());
        o.put("sig", next.signature());
        byte[] line = (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(LOG_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(line));
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log: " + e.getMessage(), e);
        }
        writeHead(next);
        last = next;
        return next;
    }

    /**
     * Verifies the log in {@code dir} with the public key stored beside it. The log may be live: a writer appends an
     * entry, then signs the new head, so a reader in between sees more entries than the head counts. Such a check is
     * repeated for up to a second, until the head has caught up; entries the head never covers are reported as added.
     */
    public static AuditVerification verify(Path dir) {
        PublicKey key = Pem.readPublicKey(dir.resolve(KEY_FILE));
        for (int attempt = 0; ; attempt++) {
            AuditChain.Head head = readHead(dir); // before the entries: the head can then only lag behind them
            List<AuditRecord> records = read(dir.resolve(LOG_FILE));
            AuditVerification v = CHAIN.verify(records, head, key);
            boolean headBehind = head != null && head.count() >= 0 && records.size() > head.count();
            if (v.intact() || !headBehind || attempt == 20) {
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

    private void writeHead(AuditRecord r) {
        String statement = AuditChain.headStatement(r.sequence(), r.hash());
        ObjectNode o = JSON.createObjectNode();
        o.put("count", r.sequence());
        o.put("hash", r.hash());
        o.put("sig", CHAIN.sign(statement, key.getPrivate()));
        Pem.writeAtomically(dir.resolve(HEAD_FILE), o.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private static AuditChain.Head readHead(Path dir) {
        Path file = dir.resolve(HEAD_FILE);
        if (!Files.exists(file)) {
            return Files.exists(dir.resolve(LOG_FILE)) ? new AuditChain.Head(-1, "missing") : null;
        }
        try {
            JsonNode o = JSON.readTree(Files.readAllBytes(file));
            long count = o.get("count").asLong();
            String hash = o.get("hash").asText();
            PublicKey key = Pem.readPublicKey(dir.resolve(KEY_FILE));
            if (!CHAIN.verifySignature(AuditChain.headStatement(count, hash), o.get("sig").asText(), key)) {
                return new AuditChain.Head(-1, "forged");
            }
            return new AuditChain.Head(count, hash);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptFileException c) {
                throw c;
            }
            return new AuditChain.Head(-1, "unreadable");
        }
    }

    private static List<AuditRecord> read(Path file) {
        List<AuditRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CorruptFileException(file, "cannot be read: " + e.getMessage(), e);
        }
        // Decoded leniently: a damaged byte must make its entry fail verification, not make the whole log unreadable.
        List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        for (int i = 0; i < lines.size(); i++) {
            out.add(parse(lines.get(i), i + 1));
        }
        return out;
    }

    private static AuditRecord parse(String line, long position) {
        try {
            JsonNode o = JSON.readTree(line);
            String[] fields = {"seq", "time", "actor", "action", "detail", "prev", "hash", "sig"};
            if (o == null || !o.isObject() || o.size() != fields.length) {
                return unreadable(position);
            }
            for (String f : fields) {
                JsonNode v = o.get(f);
                if (v == null || (f.equals("seq") ? !v.isIntegralNumber() : !v.isTextual())) {
                    return unreadable(position);
                }
            }
            return new AuditRecord(o.get("seq").asLong(), o.get("time").asText(), o.get("actor").asText(), o.get("action").asText(),
                    o.get("detail").asText(), o.get("prev").asText(), o.get("hash").asText(), o.get("sig").asText());
        } catch (IOException e) {
            return unreadable(position);
        }
    }

    /** An unparseable line stays in place as a record that can never verify, so the verifier names its position. */
    private static AuditRecord unreadable(long position) {
        return new AuditRecord(position, "", "", "", "", "unreadable", "unreadable", "");
    }
}
