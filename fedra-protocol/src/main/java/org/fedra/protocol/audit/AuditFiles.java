package org.fedra.protocol.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.fedra.privacy.audit.AuditChain;
import org.fedra.privacy.audit.AuditRecord;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.pki.CorruptFileException;

/**
 * The files of one audit log and the few operations on them, each with its durability: the entries ({@code audit.log},
 * appended and forced), the signed head ({@code audit.head}, written to a temporary file and renamed into place)
 * and the writers' lock ({@code audit.lock}), which serialises writers across threads and processes.
 */
final class AuditFiles {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private static final String[] FIELDS = {"seq", "time", "actor", "action", "detail", "prev", "hash", "sig"};
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** One lock per directory within this JVM: a second {@link FileLock} on the same file from the same JVM would throw. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path log;
    private final Path head;

    AuditFiles(Path dir) {
        this.dir = dir;
        this.log = dir.resolve(AuditLog.LOG_FILE);
        this.head = dir.resolve(AuditLog.HEAD_FILE);
    }

    Path log() {
        return log;
    }

    /**
     * The log's entries as stored from byte {@code offset} on: complete lines, and an unfinished last line.
     *
     * @param completeBytes length of the complete lines (from {@code offset})
     * @param unfinished    the bytes after the last line break
     */
    record Content(boolean exists, long offset, List<AuditRecord> records, long completeBytes, byte[] unfinished) {
        long unfinishedBytes() {
            return unfinished.length;
        }

        /** Hex SHA-256 of the unfinished line, to record what was cut off without recording it. */
        String unfinishedHash() {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(unfinished));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How the head file reads: its head, or why there is none ({@code problem} empty when there simply is no log yet). */
    record HeadRead(AuditChain.Head head, String signature, String problem) {
        boolean usable() {
            return head != null;
        }
    }

    /** A writer's hold on the log; close to release. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the writers' lock of this directory, waiting for a writer in this or another process to finish. */
    Lock lock() {
        ReentrantLock local = LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try {
            FileChannel ch = FileChannel.open(dir.resolve(AuditLog.LOCK_FILE), options(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly());
            FileLock held;
            try {
                held = ch.lock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return () -> {
                try {
                    held.release();
                    ch.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the audit log's lock: " + e.getMessage(), e);
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException e) {
            local.unlock();
            throw new UncheckedIOException("cannot lock the audit log in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    long logSize() {
        try {
            return Files.size(log);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + log + ": " + e.getMessage(), e);
        }
    }

    Content readAll() {
        return readFrom(0, 0);
    }

    /**
     * Reads the entries stored from byte {@code offset} on, numbering unreadable lines from {@code firstPosition + 1}.
     * Decoded leniently: a damaged byte must make its entry fail verification, not make the whole log unreadable.
     */
    Content readFrom(long offset, long firstPosition) {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size - offset > Integer.MAX_VALUE - 16) {
                throw new CorruptFileException(log, "is too large to read (" + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, size - offset));
            ch.position(offset);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // a growing file is read up to the size it had when opened
            }
            bytes = buf.array();
        } catch (NoSuchFileException e) {
            return new Content(false, offset, List.of(), 0, new byte[0]);
        } catch (IOException e) {
            throw new CorruptFileException(log, "cannot be read: " + e.getMessage(), e);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        List<AuditRecord> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < end; i++) {
            if (bytes[i] == '\n') {
                out.add(parse(new String(bytes, start, i - start, StandardCharsets.UTF_8), firstPosition + out.size() + 1));
                start = i + 1;
            }
        }
        return new Content(true, offset, out, end, java.util.Arrays.copyOfRange(bytes, end, bytes.length));
    }

    /** Appends whole lines and forces them to the disk. */
    void append(byte[] lines) throws IOException {
        boolean created = !Files.exists(log);
        try (FileChannel ch = FileChannel.open(log, options(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), ownerOnly())) {
            ByteBuffer b = ByteBuffer.wrap(lines);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
        if (created) {
            forceDirectory();
        }
    }

    /** Cuts the log to {@code length} bytes (an unfinished last line that was never acknowledged). */
    void truncate(long length) {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut the unfinished last line off " + log + ": " + e.getMessage(), e);
        }
    }

    HeadRead readHead(PublicKey key, AuditChain chain) {
        if (!Files.exists(head)) {
            return new HeadRead(null, null, Files.exists(log) ? "missing while " + AuditLog.LOG_FILE
                    + " exists (the head was deleted, so the removal of the newest entries could not be detected)" : "");
        }
        try {
            JsonNode o = JSON.readTree(Files.readAllBytes(head));
            long count = o.get("count").asLong();
            String hash = o.get("hash").asText();
            String sig = o.get("sig").asText();
            if (!chain.verifySignature(AuditChain.headStatement(count, hash), sig, key)) {
                return new HeadRead(null, null, "forged: its signature does not verify with " + AuditLog.KEY_FILE);
            }
            return new HeadRead(new AuditChain.Head(count, hash), sig, null);
        } catch (IOException | RuntimeException e) {
            return new HeadRead(null, null, "unreadable");
        }
    }

    /**
     * Replaces the head: written to a temporary file and renamed over the old one, so that a reader or a crash sees the
     * old head or the new one, never half of one. Not forced (that would double the forced writes of every batch): the
     * entries it covers were forced before it, so a head update lost to a power failure only leaves the head behind
     * the log, which the next start adopts; and the file systems Fedra runs on (ext4's default, XFS) write a file
     * renamed over another before the rename itself, so the head is not left empty.
     */
    void writeHead(long count, String hash, String signature) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("count", count);
        o.put("hash", hash);
        o.put("sig", signature);
        Path tmp = dir.resolve(AuditLog.HEAD_FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, options(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                ownerOnly())) {
            ByteBuffer b = ByteBuffer.wrap(o.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        try {
            Files.move(tmp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, head, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes temporary head files a crash left behind (also those of earlier versions, which named them randomly). */
    void removeTemporaries() {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, AuditLog.HEAD_FILE + "*.tmp")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove temporary head files in " + dir + ": " + e.getMessage(), e);
        }
    }

    static byte[] line(AuditRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("seq", r.sequence());
        o.put("time", r.time());
        o.put("actor", r.actor());
        o.put("action", r.action());
        o.put("detail", r.detail());
        o.put("prev", r.previous());
        o.put("hash", r.hash());
        o.put("sig", r.signature());
        return (o.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static AuditRecord parse(String line, long position) {
        try {
            JsonNode o = JSON.readTree(line);
            if (o == null || !o.isObject() || o.size() != FIELDS.length) {
                return unreadable(position);
            }
            for (String f : FIELDS) {
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

    private void forceDirectory() {
        // The new log's directory entry must survive a power loss too; Linux allows forcing a directory opened for reading.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform opens directories; the entries themselves are forced
        }
    }

    private static Set<OpenOption> options(OpenOption... o) {
        return Set.of(o);
    }

    /** New audit files are readable by the process's own user only (the attribute applies when a file is created). */
    private static FileAttribute<?>[] ownerOnly() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }
}
