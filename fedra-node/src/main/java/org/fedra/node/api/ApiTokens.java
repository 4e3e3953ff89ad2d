package org.fedra.node.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.fedra.node.fhir.DataAccessException;

/**
 * Personal API tokens of the node's stewards: created with a name and scopes, the token itself returned once and only
 * its SHA-256 kept (a token is 256 random bits, so a plain hash cannot be reversed by guessing), revocable. A presented
 * token is found by its hash, and only while not revoked.
 */
public final class ApiTokens {
    /** Every token starts with this, so that one pasted in the wrong place is recognisable. */
    public static final String PREFIX = "fedra_pat_";
    private static final int MAX_NAME = 100;

    /** A token as listed (never the token itself). */
    public record Token(String id, String name, Set<ApiScope> scopes, String createdBy, Instant createdAt, String revokedBy, Instant revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A new token: {@code secret} is shown to its creator once and then exists nowhere on the node. */
    public record Created(Token token, String secret) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * @throws IllegalArgumentException the name is blank or longer than 100 characters, or no scope is given
     */
    public Created create(String name, Set<ApiScope> scopes, String createdBy) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME) {
            throw new IllegalArgumentException("Name: give the token a name of 1 to " + MAX_NAME + " characters (what it is for)");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("Scopes: choose at least one thing the token may do");
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Token t = new Token(UUID.randomUUID().toString(), n, EnumSet.copyOf(scopes), createdBy, clock.instant(), null, null);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO api_tokens (token_id, name, token_hash, scopes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, t.id());
            s.setString(2, t.name());
            s.setString(3, hash(secret));
            s.setString(4, codes(t.scopes()));
            s.setString(5, createdBy);
            s.setTimestamp(6, Timestamp.from(t.createdAt()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("storing a new API token failed", e);
        }
        return new Created(t, secret);
    }

    /** The unrevoked token presented, if there is one. */
    public Optional<Token> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) return Optional.empty();
        return query("SELECT token_id, name, scopes, created_by, created_at, revoked_by, revoked_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                hash(presented)).stream().findFirst();
    }

    /** Every token, newest first. */
    public List<Token> list() {
        return query("SELECT token_id, name, scopes, created_by, created_at, revoked_by, revoked_at FROM api_tokens ORDER BY created_at DESC, token_id", null);
    }

    /**
     * Revokes a token at once.
     *
     * @return false when there is no such unrevoked token
     */
    public boolean revoke(String id, String revokedBy) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE api_tokens SET revoked_by = ?, revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")) {
            s.setString(1, revokedBy);
            s.setTimestamp(2, Timestamp.from(clock.instant()));
            s.setString(3, id);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DataAccessException("revoking API token " + id + " failed", e);
        }
    }

    private List<Token> query(String sql, String arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (arg != null) s.setString(1, arg);
            List<Token> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
                    Arrays.stream(rs.getString(3).split(" ")).map(ApiScope::ofCode).flatMap(Optional::stream).forEach(scopes::add);
                    Timestamp revoked = rs.getTimestamp(7);
                    out.add(new Token(rs.getString(1), rs.getString(2), scopes, rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6),
                            revoked == null ? null : revoked.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DataAccessException("reading the API tokens failed", e);
        }
    }

    private static String codes(Set<ApiScope> scopes) {
        return scopes.stream().map(ApiScope::code).collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(" "));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
