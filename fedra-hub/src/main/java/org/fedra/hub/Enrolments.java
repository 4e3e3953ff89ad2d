package org.fedra.hub;

import org.fedra.protocol.audit.AuditAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.AuditText;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.pki.EnrolmentToken;

/**
 * Issues enrolment tokens and redeems them for node certificates. A token is single-use (redeemed
 * atomically in the database) and expires; the hub keeps only the SHA-256 of its secret.
 *
 * <p>Redeeming is open to anyone who can reach the hub, so what it is given is treated as hostile: a token longer than
 * any the hub issues or with an id of another form is refused before it is looked up, nothing of it is repeated in a
 * refusal, free text (the software version) is cleaned and bounded, and failures are counted and rate-limited per
 * source address by the {@link EnrolmentGuard}, which also audits them within bounds.
 */
public final class Enrolments {
    /** The result of a successful enrolment. */
    public record Enrolled(String nodeId, String organisation, X509Certificate certificate) {}

    private final DataSource db;
    private final CertificateAuthority ca;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final EnrolmentGuard guard;

    /** Longest token text looked at; the hub's own tokens are about 300 characters. */
    static final int MAX_TOKEN_TEXT = 1024;
    private static final java.util.regex.Pattern TOKEN_ID = java.util.regex.Pattern.compile("t-[0-9a-f]{16}");

    Enrolments(DataSource db, CertificateAuthority ca, AuditLog audit, Clock clock, SecureRandom random, EnrolmentGuard guard) {
        this.guard = guard;
        this.db = db;
        this.ca = ca;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** The longest organisation name. */
    public static final int MAX_ORGANISATION = 200;
    /** The longest an enrolment token may be valid. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(30);

    /** Creates a token for an organisation, valid for {@code validity}. */
    public EnrolmentToken issue(String organisation, Duration validity) {
        // the name is shown in the registry, the CLI's tables and logs: no line breaks or bidi overrides (issue 18 finding 12)
        organisation = org.fedra.protocol.json.FreeText.require("organisation", organisation, MAX_ORGANISATION);
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("a token must be valid for more than 0 seconds and at most 30 days");
        }
        String id = "t-" + hex(8);
        String secret = hex(32);
        Instant now = clock.instant();
        EnrolmentToken token = new EnrolmentToken(id, secret, organisation.trim(), now.plus(validity), Certificates.fingerprint(ca.certificate()));
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO enrolment_tokens (id, organisation, secret_sha256, created_at, expires_at) VALUES (?,?,?,?,?)")) {
            NodeRegistry.bind(s, id, token.organisation(), sha256(secret), Timestamp.from(now), Timestamp.from(token.expiresAt()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("hub database: " + e.getMessage(), e);
        }
        audit.append(AuditAction.ENROLMENT_TOKEN_ISSUED, org.fedra.protocol.audit.Principal.operator(""), "token " + id + " for " + token.organisation() + ", expires " + token.expiresAt());
        return token;
    }

    /**
     * Redeems a token for a certificate, or refuses with a reason the node is told.
     *
     * @param source the address the request came from: failures are counted and rate-limited per address
     * @throws EnrolmentRefusedException the token is not valid, or too many enrolments from {@code source} failed lately
     *                                   ({@link EnrolmentRefusedException#retryAfter()} then says when to try again)
     */
    public Enrolled enrol(String tokenText, byte[] csrDer, String softwareVersion, String source) {
        java.util.Optional<Duration> wait = guard.refusedFor(source);
        if (wait.isPresent()) {
            throw new EnrolmentRefusedException("too many failed enrolments from " + source + "; try again in "
                    + Math.max(1, wait.get().toSeconds()) + " s", wait.get());
        }
        try {
            return redeemForCertificate(tokenText, csrDer, AuditText.within(softwareVersion, 64));
        } catch (EnrolmentRefusedException e) {
            guard.refused(source, e.getMessage());
            throw e;
        }
    }

    private Enrolled redeemForCertificate(String tokenText, byte[] csrDer, String softwareVersion) {
        if (tokenText != null && tokenText.length() > MAX_TOKEN_TEXT) {
            throw new EnrolmentRefusedException("malformed enrolment token: longer than " + MAX_TOKEN_TEXT + " characters (" + tokenText.length() + ")");
        }
        EnrolmentToken presented;
        try {
            presented = EnrolmentToken.decode(tokenText);
        } catch (IllegalArgumentException e) {
            throw new EnrolmentRefusedException(e.getMessage());
        }
        if (!TOKEN_ID.matcher(presented.id()).matches()) {
            throw new EnrolmentRefusedException("malformed enrolment token: its id is not of the form this hub issues");
        }
        Instant now = clock.instant();
        String nodeId = "node-" + hex(6);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                String organisation = redeem(c, presented, nodeId, now);
                X509Certificate cert = ca.signNodeRequest(csrDer, nodeId, organisation, now);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO nodes (id, organisation, cert_fingerprint, status, software_version, enrolled_at) VALUES (?,?,?,?,?,?)")) {
                    NodeRegistry.bind(s, nodeId, organisation, Certificates.fingerprint(cert), "offline", softwareVersion, Timestamp.from(now));
                    s.executeUpdate();
                }
                c.commit();
                audit.append(AuditAction.NODE_ENROLLED, nodeId + " (" + organisation + ") with token " + presented.id());
                return new Enrolled(nodeId, organisation, cert);
            } catch (EnrolmentRefusedException | IllegalArgumentException e) {
                c.rollback();
                throw new EnrolmentRefusedException(e.getMessage());
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("hub database: " + e.getMessage(), e);
        }
    }

    private String redeem(Connection c, EnrolmentToken presented, String nodeId, Instant now) throws SQLException {
        String organisation;
        try (PreparedStatement s = c.prepareStatement("SELECT organisation, secret_sha256, expires_at, used_at FROM enrolment_tokens WHERE id = ? FOR UPDATE")) {
            s.setString(1, presented.id());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !MessageDigest.isEqual(rs.getString("secret_sha256").getBytes(StandardCharsets.US_ASCII),
                        sha256(presented.secret()).getBytes(StandardCharsets.US_ASCII))) {
                    throw new EnrolmentRefusedException("enrolment token " + presented.id() + " not recognised by this hub");
                }
                if (rs.getTimestamp("used_at") != null) {
                    throw new EnrolmentRefusedException("enrolment token " + presented.id() + " has already been used");
                }
                if (!now.isBefore(rs.getTimestamp("expires_at").toInstant())) {
                    throw new EnrolmentRefusedException("enrolment token " + presented.id() + " expired at " + rs.getTimestamp("expires_at").toInstant());
                }
                organisation = rs.getString("organisation");
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE enrolment_tokens SET used_at = ?, node_id = ? WHERE id = ? AND used_at IS NULL")) {
            NodeRegistry.bind(s, Timestamp.from(now), nodeId, presented.id());
            if (s.executeUpdate() != 1) {
                throw new EnrolmentRefusedException("enrolment token " + presented.id() + " has already been used");
            }
        }
        return organisation;
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
