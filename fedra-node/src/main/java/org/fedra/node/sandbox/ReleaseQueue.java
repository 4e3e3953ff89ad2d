package org.fedra.node.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.pkg.OutputKind;
import org.fedra.protocol.pkg.PackageHash;
import org.fedra.protocol.pkg.PackageManifest;

/**
 * Every output of a package run that passed the output check, recorded with its study: released at once where the
 * node's policy needs no review, otherwise waiting for the data steward, who releases or rejects it. A release is
 * written to the audit log before it is recorded (and before anything is sent); the content waits in a file of its own
 * (mode 600) beside the database and is removed when rejected. Nothing refused by the output check ever gets here.
 */
public final class ReleaseQueue {
    private final DataSource db;
    private final Path dir;
    private final AuditLog audit;
    private final Clock clock;

    /** @param dir where pending and released content is kept (created when missing) */
    public ReleaseQueue(DataSource db, Path dir, AuditLog audit, Clock clock) {
        this.db = db;
        this.dir = dir;
        this.audit = audit;
        this.clock = clock;
    }

    /** A run's checked output enters the queue: released now (audited) unless it needs review, then pending (audited). */
    public synchronized QueuedOutput submit(String runId, String studyId, PackageManifest manifest, PackageHash hash, CheckedOutput output,
            int patients, boolean needsReview, Principal researcher) {
        int position = manifest.outputs().indexOf(manifest.output(output.file()));
        if (position < 0) throw new IllegalArgumentException(output.file() + " is not declared by " + manifest.name());
        if (!output.releasable()) throw new IllegalArgumentException("a refused output is never queued: " + output.file());
        String id = UUID.randomUUID().toString();
        byte[] content = output.content();
        Path file = dir.resolve(id);
        try {
            Files.createDirectories(dir);
            RunDirectory.chmod(dir, "rwx------");
            Files.write(file, content);
            RunDirectory.chmod(file, "rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep output " + output.file() + " in " + dir + ": " + e.getMessage(), e);
        }
        Instant now = clock.instant();
        String what = describe(output.file(), output.kind(), runId, studyId, manifest.name() + " " + manifest.version(), hash) + ": " + output.note();
        String status = needsReview ? QueuedOutput.PENDING : QueuedOutput.RELEASED;
        if (needsReview) audit.append(AuditAction.OUTPUT_QUEUED, researcher, what + "; waits for the data steward");
        else audit.append(AuditAction.OUTPUT_RELEASED, researcher, what + "; released by the node's policy (" + patients + " patients)");
        Sql.update(db, "package outputs", "INSERT INTO package_outputs (output_id, run_id, study_id, package_hash, file_name, position, kind, status,"
                        + " content_sha256, content_bytes, check_note, patients, created_at, decided_at, decided_by, decision_reason)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id, runId, studyId, hash.value(), output.file(), position, output.kind().code(), status, sha256(content), (long) content.length,
                truncate(output.note()), patients, Timestamp.from(now), needsReview ? Sql.NULL_TIME : Timestamp.from(now),
                needsReview ? Sql.NULL_TEXT : "policy", needsReview ? Sql.NULL_TEXT : "no review required by the node's policy");
        return find(id).orElseThrow();
    }

    /** The steward releases a pending output (audited first). */
    public synchronized QueuedOutput release(String outputId, String steward) {
        QueuedOutput o = pending(outputId);
        String who = who(steward);
        audit.append(AuditAction.OUTPUT_RELEASED, Principal.steward(who), describe(o) + ": released by the data steward (" + o.patients() + " patients)");
        decide(outputId, QueuedOutput.RELEASED, who, "released by the data steward");
        return find(outputId).orElseThrow();
    }

    /** The steward rejects a pending output; its content is removed. The researcher is told the reason. */
    public synchronized QueuedOutput reject(String outputId, String steward, String reason) {
        if (reason == null || reason.isBlank()) throw Failure.badInput("a rejection needs a reason the researcher can read");
        QueuedOutput o = pending(outputId);
        String who = who(steward);
        audit.append(AuditAction.OUTPUT_REJECTED, Principal.steward(who), describe(o) + ": " + reason);
        decide(outputId, QueuedOutput.REJECTED, who, reason.strip());
        try {
            Files.deleteIfExists(dir.resolve(outputId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the rejected output " + outputId + ": " + e.getMessage(), e);
        }
        return find(outputId).orElseThrow();
    }

    /** The content of a released output, checked against the hash recorded when it was queued. */
    public byte[] content(String outputId) {
        QueuedOutput o = find(outputId).orElseThrow(() -> Failure.notFound("no output " + outputId));
        if (!o.released()) throw Failure.conflict("output " + outputId + " is " + o.status() + ", not released");
        try {
            byte[] content = Files.readAllBytes(dir.resolve(outputId));
            if (!sha256(content).equals(o.contentSha256())) throw new IllegalStateException("output " + outputId + " changed on disk after it was checked");
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read output " + outputId + ": " + e.getMessage(), e);
        }
    }

    public Optional<QueuedOutput> find(String outputId) {
        List<QueuedOutput> l = query("SELECT * FROM package_outputs WHERE output_id = ?", outputId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Outputs waiting for the steward, oldest first. */
    public List<QueuedOutput> pending() {
        return query("SELECT * FROM package_outputs WHERE status = ? ORDER BY created_at, run_id, position", QueuedOutput.PENDING);
    }

    /** Every output of a study, oldest first: what it released, what waits, what was rejected. */
    public List<QueuedOutput> ofStudy(String studyId) {
        return query("SELECT * FROM package_outputs WHERE study_id = ? ORDER BY created_at, run_id, position", studyId);
    }

    /** The outputs of one run, in the order they were queued. */
    public List<QueuedOutput> ofRun(String runId) {
        return query("SELECT * FROM package_outputs WHERE run_id = ? ORDER BY created_at, run_id, position", runId);
    }

    private QueuedOutput pending(String outputId) {
        QueuedOutput o = find(outputId).orElseThrow(() -> Failure.notFound("no output " + outputId + " on this node"));
        if (!QueuedOutput.PENDING.equals(o.status())) throw Failure.conflict("output " + outputId + " is already " + o.status());
        return o;
    }

    private void decide(String outputId, String status, String who, String reason) {
        Sql.update(db, "package outputs", "UPDATE package_outputs SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ? WHERE output_id = ?",
                status, Timestamp.from(clock.instant()), who, truncate(reason), outputId);
    }

    private static String describe(QueuedOutput o) {
        return describe(o.file(), o.kind(), o.runId(), o.studyId(), null, o.packageHash()) + " [" + o.outputId() + "]";
    }

    private static String describe(String file, OutputKind kind, String runId, String studyId, String pkg, PackageHash hash) {
        return kind.code() + " " + file + " of run " + runId + " for study " + studyId + " (package " + (pkg == null ? "" : pkg + " ") + hash + ")";
    }

    private static String who(String steward) {
        return steward == null || steward.isBlank() ? "steward" : steward.strip();
    }

    private static String truncate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<QueuedOutput> query(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, args);
            List<QueuedOutput> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp decided = r.getTimestamp("decided_at");
                    out.add(new QueuedOutput(r.getString("output_id"), r.getString("run_id"), r.getString("study_id"), new PackageHash(r.getString("package_hash")),
                            r.getString("file_name"), OutputKind.ofCode(r.getString("kind")).orElseThrow(), r.getString("status"),
                            r.getString("content_sha256"), r.getLong("content_bytes"), r.getString("check_note"), r.getInt("patients"),
                            r.getTimestamp("created_at").toInstant(), decided == null ? null : decided.toInstant(), r.getString("decided_by"),
                            r.getString("decision_reason")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading package outputs failed", e);
        }
    }
}
