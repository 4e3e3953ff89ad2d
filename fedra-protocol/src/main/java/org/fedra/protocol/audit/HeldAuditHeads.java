package org.fedra.protocol.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.fedra.protocol.v1.SignedAuditHead;
import org.fedra.privacy.audit.AuditAnchor;

/**
 * The signed heads of another party's audit log that this side received (table {@code held_audit_heads}: the hub keeps
 * every node's, each node the hub's). Every distinct head is kept; one that goes back behind a head kept before is
 * reported, since a log only ever grows.
 */
public final class HeldAuditHeads {
    /** Most heads one question returns. */
    public static final int MAX_LISTED = 1000;

    private final DataSource db;

    public HeldAuditHeads(DataSource db) {
        this.db = db;
    }

    /**
     * A head as kept.
     *
     * @param signedAt   when its owner signed it (by the owner's clock)
     * @param receivedAt when this side received it
     */
    public record Held(SignedHead head, Instant signedAt, Instant receivedAt) {
        /** For {@link AuditAnchor#check}. */
        public AuditAnchor.Held anchor() {
            return new AuditAnchor.Held(head.count(), head.hash(), head.signature(), receivedAt.toString());
        }
    }

    /**
     * Keeps a head of {@code owner}'s log whose signature the caller checked.
     *
     * @return what is wrong when the head goes back behind one kept before (fewer entries, or another hash for the same
     *         number of entries): the owner's log was rolled back or replaced; empty otherwise
     */
    public Optional<String> keep(String owner, SignedHead head, Instant signedAt, Instant receivedAt) {
        try (Connection c = db.getConnection()) {
            Optional<String> regression = regression(c, owner, head);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO held_audit_heads (log_owner, entry_count, last_hash, signature, signed_at,"
                    + " received_at) VALUES (?,?,?,?,?,?)")) {
                s.setString(1, owner);
                s.setLong(2, head.count());
                s.setString(3, head.hash());
                s.setString(4, head.signature());
                s.setTimestamp(5, Timestamp.from(signedAt));
                s.setTimestamp(6, Timestamp.from(receivedAt));
                s.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) { // the same head again (sent at every connection): kept once
                    throw e;
                }
            }
            return regression;
        } catch (SQLException e) {
            throw new IllegalStateException("database: cannot keep an audit head of " + owner + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes in a head of {@code owner}'s log as it came over the federation stream: kept when the federation CA
     * {@code ca} issued its certificate to the sender ({@code sender} says whether the certificate is the sender's) and
     * its signature holds. A head that goes back is recorded in {@code audit} as {@link AuditAction#AUDIT_HEAD_REGRESSED}
     * by {@code who}. Never throws (keeping a head must not cost the stream it came on).
     *
     * @return what the receiver should warn about: a head refused, a regression, a head that could not be kept; or empty
     */
    public Optional<String> receive(String owner, Principal who, SignedAuditHead m, X509Certificate ca, Predicate<X509Certificate> sender,
                                    AuditLog audit, Instant now) {
        SignedHead h;
        try {
            h = AuditHeadMessages.verified(m, ca, sender);
        } catch (IllegalArgumentException e) {
            return Optional.of("ignoring an audit head from " + owner + ": " + e.getMessage());
        }
        try {
            Optional<String> regression = keep(owner, h, Instant.ofEpochMilli(m.getTimeEpochMs()), now);
            regression.ifPresent(what -> audit.append(AuditAction.AUDIT_HEAD_REGRESSED, who, what));
            return regression.map(what -> AuditText.clean(what, 500));
        } catch (RuntimeException e) {
            return Optional.of("could not keep an audit head of " + owner + ": " + e.getMessage());
        }
    }

    /** The heads kept of {@code owner}'s log, the highest count first, at most {@code limit} (capped at {@link #MAX_LISTED}). */
    public List<Held> held(String owner, int limit) {
        int n = limit <= 0 ? MAX_LISTED : Math.min(limit, MAX_LISTED);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT entry_count, last_hash, signature, signed_at, received_at"
                + " FROM held_audit_heads WHERE log_owner = ? ORDER BY entry_count DESC, received_at DESC FETCH FIRST " + n + " ROWS ONLY")) {
            s.setString(1, owner);
            List<Held> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Held(new SignedHead(rs.getLong(1), rs.getString(2), rs.getString(3)), rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("database: cannot read the audit heads of " + owner + ": " + e.getMessage(), e);
        }
    }

    /** How many heads of {@code owner}'s log are kept. */
    public long count(String owner) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM held_audit_heads WHERE log_owner = ?")) {
            s.setString(1, owner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: cannot count the audit heads of " + owner + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> regression(Connection c, String owner, SignedHead head) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT entry_count, last_hash, received_at FROM held_audit_heads WHERE log_owner = ?"
                + " AND (entry_count > ? OR (entry_count = ? AND last_hash <> ?)) ORDER BY entry_count DESC FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, owner);
            s.setLong(2, head.count());
            s.setLong(3, head.count());
            s.setString(4, head.hash());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long before = rs.getLong(1);
                Instant when = rs.getTimestamp(3).toInstant();
                return Optional.of(before > head.count()
                        ? "the audit log of " + owner + " went back from " + before + " entries (head received " + when + ") to " + head.count()
                        + ": it was rolled back or replaced"
                        : "the audit log of " + owner + " has another entry " + before + " than the one whose head was received " + when
                        + ": it was rewritten");
            }
        }
    }
}
