package org.fedra.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's sign-in state, in memory (a restart signs everyone out): sign-ins under way (state, PKCE verifier,
 * nonce; ten minutes to come back from the provider) and sessions (who, their CSRF token, until when). Ids are 256
 * random bits; at most {@link #MAX} of each are held, the oldest going first.
 */
public final class Sessions {
    public static final int MAX = 10_000;
    public static final Duration SIGN_IN_WINDOW = Duration.ofMinutes(10);

    public record PendingSignIn(String state, String codeVerifier, String nonce, Instant startedAt) {}

    public record Session(String id, SignedInPerson person, String patientId, String csrf, Instant expiresAt) {
        public boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, PendingSignIn> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration length;

    public Sessions(Clock clock, Duration length) {
        this.clock = clock;
        this.length = length;
    }

    public String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public PendingSignIn startSignIn() {
        prune();
        PendingSignIn p = new PendingSignIn(randomToken(), randomToken() + randomToken(), randomToken(), clock.instant());
        pending.put(p.state(), p);
        return p;
    }

    /** The sign-in with this state, once: a state is never accepted twice. */
    public Optional<PendingSignIn> finishSignIn(String state) {
        if (state == null) return Optional.empty();
        PendingSignIn p = pending.remove(state);
        if (p == null || p.startedAt().plus(SIGN_IN_WINDOW).isBefore(clock.instant())) return Optional.empty();
        return Optional.of(p);
    }

    public Session open(SignedInPerson person, String patientId) {
        prune();
        Session s = new Session(randomToken(), person, patientId, randomToken(), clock.instant().plus(length));
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Session s = sessions.get(id);
        if (s == null) return Optional.empty();
        if (!s.expiresAt().isAfter(clock.instant())) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public void close(String id) {
        if (id != null) sessions.remove(id);
    }

    /** Ends every session of the patient (after an erasure there is no record left to show). */
    public void closeAllOf(String patientId) {
        sessions.values().removeIf(s -> patientId.equals(s.patientId()));
    }

    private void prune() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.startedAt().plus(SIGN_IN_WINDOW).isBefore(now));
        sessions.values().removeIf(s -> !s.expiresAt().isAfter(now));
        if (pending.size() >= MAX) {
            pending.values().stream().min(java.util.Comparator.comparing(PendingSignIn::startedAt)).ifPresent(p -> pending.remove(p.state()));
        }
        if (sessions.size() >= MAX) {
            sessions.values().stream().min(java.util.Comparator.comparing(Session::expiresAt)).ifPresent(s -> sessions.remove(s.id()));
        }
    }
}
