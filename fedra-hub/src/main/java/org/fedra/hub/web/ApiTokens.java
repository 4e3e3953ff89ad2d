package org.fedra.hub.web;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.fedra.protocol.json.FreeText;
import org.fedra.web.SignedInPerson.Role;

/**
 * Personal API tokens: made by a signed-in person on the hub's pages, for their scripts and the CLI. A token acts with
 * the scopes chosen when it was made, never more than the roles its owner had then, until it expires or its owner
 * revokes it. Only the token's SHA-256 is stored; the token is shown once.
 */
public final class ApiTokens {
    /** Every personal token starts with this, so a leaked one is recognisable (and never mistaken for the operator's). */
    public static final String PREFIX = "fedra_pat_";
    public static final int MAX_NAME = 100;
    public static final int MAX_DAYS = 365;
    /** How many live tokens one person may hold. */
    public static final int MAX_PER_OWNER = 20;

    /** A token as its owner's list shows it (never the token itself). */
    public record Info(String id, String name, Set<Role> scopes, Instant createdAt, Instant expiresAt, Instant revokedAt) {
        public boolean live(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    /** A token just made: the only time {@code token} is known. */
    public record Created(Info info, String token) {}

    /** The caller a presented token stands for. */
    public record Holder(String ownerSubject, String ownerName, Set<Role> scopes) {}

    private final DataSource db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiTokens(DataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Makes a token for the person.
     *
     * @throws IllegalArgumentException naming the field: a blank or long name, no scope, a scope the owner does not have,
     *                                  a lifetime outside 1-365 days, or too many live tokens
     */
    public Created create(String ownerSubject, String ownerName, Set<Role> ownerRoles, String name, Set<Role> scopes, int days) {
        String n = FreeText.require("name", name, MAX_NAME);
        if (scopes.isEmpty()) throw new IllegalArgumentException("scopes: choose at least one scope");
        for (Role r : scopes) {
            if (!ownerRoles.contains(r)) {
                throw new IllegalArgumentException("scopes: " + r.defaultValue() + " is not one of your roles (" + words(ownerRoles) + ")");
            }
        }
        if (days < 1 || days > MAX_DAYS) throw new IllegalArgumentException("days: must be from 1 to " + MAX_DAYS + ", was " + days);
        Instant now = clock.instant();
        if (list(ownerSubject).stream().filter(i -> i.live(now)).count() >= MAX_PER_OWNER) {
            throw new IllegalArgumentException("name: you already hold " + MAX_PER_OWNER + " live tokens; revoke one first");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Info info = new Info("tok-" + UUID.randomUUID().toString().substring(0, 12), n, EnumSet.copyOf(scopes), now, now.plus(Duration.ofDays(days)), null);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO personal_api_tokens "
                + "(id, token_sha256, owner_subject, owner_name, name, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, info.id());
            ps.setString(2, sha256(token));
            ps.setString(3, ownerSubject);
            ps.setString(4, ownerName.length() > 255 ? ownerName.substring(0, 255) : ownerName);
            ps.setString(5, n);
            ps.setString(6, words(info.scopes()));
            ps.setTimestamp(7, Timestamp.from(info.createdAt()));
            ps.setTimestamp(8, Timestamp.from(info.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the API token: " + e.getMessage(), e);
        }
        return new Created(info, token);
    }

    /** The owner and scopes of a live token; empty for an unknown, expired or revoked one. */
    public Optional<Holder> find(String token) {
        if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT owner_subject, owner_name, scopes, expires_at, revoked_at FROM personal_api_tokens WHERE token_sha256 = ?")) {
            ps.setString(1, sha256(token));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp("revoked_at") != null || !rs.getTimestamp("expires_at").toInstant().isAfter(clock.instant())) {
                    return Optional.empty();
                }
                return Optional.of(new Holder(rs.getString("owner_subject"), rs.getString("owner_name"), roles(rs.getString("scopes"))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API tokens: " + e.getMessage(), e);
        }
    }

    /** The person's tokens, newest first. */
    public List<Info> list(String ownerSubject) {
        List<Info> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, name, scopes, created_at, expires_at, revoked_at "
                + "FROM personal_api_tokens WHERE owner_subject = ? ORDER BY created_at DESC, id")) {
            ps.setString(1, ownerSubject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp revoked = rs.getTimestamp("revoked_at");
                    out.add(new Info(rs.getString("id"), rs.getString("name"), roles(rs.getString("scopes")), rs.getTimestamp("created_at").toInstant(),
                            rs.getTimestamp("expires_at").toInstant(), revoked == null ? null : revoked.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API tokens: " + e.getMessage(), e);
        }
        return out;
    }

    /** Revokes one of the person's tokens; false when they hold no live token of that id (someone else's included). */
    public boolean revoke(String ownerSubject, String id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE personal_api_tokens SET revoked_at = ? WHERE id = ? AND owner_subject = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setString(2, id);
            ps.setString(3, ownerSubject);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke the API token: " + e.getMessage(), e);
        }
    }

    static String words(Set<Role> roles) {
        return roles.stream().map(Role::defaultValue).sorted().collect(Collectors.joining(","));
    }

    /** Parses scope words (operator, researcher); an unknown one is an error naming it. */
    public static Set<Role> roles(String words) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String w : words.split(",")) {
            String t = w.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) continue;
            switch (t) {
                case "operator" -> out.add(Role.OPERATOR);
                case "researcher" -> out.add(Role.RESEARCHER);
                default -> throw new IllegalArgumentException("scopes: '" + w.trim() + "' is not a scope (operator, researcher)");
            }
        }
        return out;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
