package org.fedra.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.fedra.node.NodeIdentity;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;

/**
 * The node's audit log as the data steward's commands write to it ({@code node import}, {@code node consent import}):
 * the same signed log the running node appends to (writers are serialised across processes by the log's lock), with
 * the steward as the actor. A node that has not enrolled yet has no audit key: its steward commands say so instead.
 */
final class StewardAudit {
    private final AuditLog log;
    private final Principal steward;

    private StewardAudit(AuditLog log, Principal steward) {
        this.log = log;
        this.steward = steward;
    }

    /** The enrolled node's log in {@code dataDir}, or empty before enrolment. */
    static Optional<StewardAudit> open(Path dataDir, String steward) {
        return NodeIdentity.load(dataDir).map(id -> new StewardAudit(
                AuditLog.open(dataDir, id.key(), id.certificate(), Clock.systemUTC(), Principal.node(id.nodeId())), Principal.steward(steward)));
    }

    /** Who acts when the command does not say: the operating-system user. */
    static String defaultSteward() {
        return System.getProperty("user.name", "steward");
    }

    void record(AuditAction action, String detail) {
        log.append(action, steward, detail);
    }

    /** The SHA-256 of a file's content, hex: which file exactly was imported. */
    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
