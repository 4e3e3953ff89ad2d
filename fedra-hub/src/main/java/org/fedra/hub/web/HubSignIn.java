package org.fedra.hub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.web.Html;
import org.fedra.web.OidcProvider;
import org.fedra.web.SignInRefusedException;
import org.fedra.web.SignInSettings;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson;
import org.fedra.web.SignedInPerson.Role;

/**
 * Signing in to the hub's pages through the configured OpenID Connect provider (authorization code with PKCE, the ID
 * token verified against the provider's keys), the session (a random id in a {@code Secure; HttpOnly; SameSite=Lax}
 * cookie, held in memory: a restart signs everyone out), its CSRF token, and signing out. The roles come from the
 * token's role claim as the sign-in settings map them: {@code operator} and {@code researcher}.
 */
public final class HubSignIn {
    static final String SESSION_COOKIE = "fedra_hub_session";
    static final String SIGN_IN_COOKIE = "fedra_hub_sign_in";
    /** The header scripts send the session's CSRF token in (forms send field {@code csrf}). */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final OidcProvider provider;
    private final SignInSettings settings;
    private final Sessions sessions;
    private final AuditLog audit;

    HubSignIn(OidcProvider provider, AuditLog audit, Clock clock) {
        this(provider, provider.settings(), audit, clock);
    }

    /** With {@code provider} null, people sign in through the demo's sign-in instead ({@link HubDemoSignIn}). */
    HubSignIn(OidcProvider provider, SignInSettings settings, AuditLog audit, Clock clock) {
        this.provider = provider;
        this.settings = settings;
        this.sessions = new Sessions(clock, settings.sessionLength());
        this.audit = audit;
    }

    void register(Javalin app) {
        app.get("/auth/login", this::login);
        app.get("/auth/callback", this::callback);
        app.post("/auth/logout", this::logout);
    }

    SignInSettings settings() {
        return settings;
    }

    Optional<Sessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(SESSION_COOKIE));
    }

    /** A state change needs the session's CSRF token (form field or header), and an Origin (when sent) that is the hub's own. */
    boolean csrfOk(Context ctx, Sessions.Session s) {
        String token = ctx.header(CSRF_HEADER);
        if (token == null && isForm(ctx)) token = ctx.formParam("csrf");
        String origin = ctx.header("Origin");
        return s.csrfMatches(token) && (origin == null || origin.equals(settings.origin()));
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    void refused(Sessions.Session s, String what) {
        audit.append(AuditAction.PORTAL_ACCESS_REFUSED, principal(s), what);
    }

    static Principal principal(Sessions.Session s) {
        return Caller.principalOf("oidc:" + s.person().subject(), s.person().roles());
    }

    private void login(Context ctx) {
        if (provider == null) {
            ctx.redirect("/auth/demo");
            return;
        }
        Sessions.PendingSignIn p = sessions.startSignIn();
        cookie(ctx, SIGN_IN_COOKIE, p.state(), (int) Sessions.SIGN_IN_WINDOW.toSeconds(), "/auth");
        ctx.redirect(provider.authorizationRequest(p.state(), p.nonce(), p.codeVerifier()).toString());
    }

    private void callback(Context ctx) {
        String state = ctx.queryParam("state");
        String browserState = ctx.cookie(SIGN_IN_COOKIE);
        cookie(ctx, SIGN_IN_COOKIE, "", 0, "/auth");
        if (ctx.queryParam("error") != null) {
            refuseSignIn(ctx, "the sign-in provider reported: " + ctx.queryParam("error"));
            return;
        }
        // the state must be one this hub issued, to this browser (no sign-in forced on someone else), and unused
        Optional<Sessions.PendingSignIn> pending = browserState != null && browserState.equals(state) ? sessions.finishSignIn(state) : Optional.empty();
        if (pending.isEmpty() || ctx.queryParam("code") == null) {
            refuseSignIn(ctx, "this sign-in was not started here, was already used, or took longer than ten minutes");
            return;
        }
        SignedInPerson person;
        try {
            person = provider.redeem(ctx.queryParam("code"), pending.get().codeVerifier(), pending.get().nonce());
        } catch (SignInRefusedException e) {
            refuseSignIn(ctx, e.getMessage());
            return;
        }
        openSession(ctx, person, "");
    }

    /** Opens a session for {@code person} (audited, {@code how} says how they signed in) and sends them to their main page. */
    void openSession(Context ctx, SignedInPerson person, String how) {
        Sessions.Session s = sessions.open(person, null);
        audit.append(AuditAction.PORTAL_SIGNED_IN, principal(s), "signed in to the hub's pages as "
                + person.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList() + how);
        cookie(ctx, SESSION_COOKIE, s.id(), (int) settings.sessionLength().toSeconds(), "/");
        ctx.redirect(home(person));
    }

    /** Where a person lands: their role's main page. */
    static String home(SignedInPerson person) {
        if (person.is(Role.RESEARCHER)) return "/research";
        if (person.is(Role.OPERATOR)) return "/operator";
        return "/account/tokens";
    }

    private void refuseSignIn(Context ctx, String why) {
        audit.append(AuditAction.PORTAL_SIGN_IN_REFUSED, Principal.anonymous(ctx.ip()), "hub: " + why);
        ctx.status(HttpStatus.UNAUTHORIZED).html(HubPage.page("Sign-in failed", null,
                "<h1>Sign-in failed</h1><p class=\"error\">" + Html.text(why) + "</p><p><a href=\"/auth/login\">Try signing in again</a></p>"));
    }

    private void logout(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isPresent()) {
            if (!csrfOk(ctx, s.get())) {
                refused(s.get(), "a sign-out without this session's form token");
                ctx.status(HttpStatus.FORBIDDEN).html(HubPage.page("Refused", s.get(), HubPages.REFUSED));
                return;
            }
            sessions.close(s.get().id());
            audit.append(AuditAction.PORTAL_SIGNED_OUT, principal(s.get()), "signed out of the hub's pages");
        }
        cookie(ctx, SESSION_COOKIE, "", 0, "/");
        ctx.html(HubPage.page("Signed out", null, "<h1>You are signed out</h1><p><a href=\"/auth/login\">Sign in again</a></p>"));
    }

    private static void cookie(Context ctx, String name, String value, int maxAgeSeconds, String path) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; Secure; HttpOnly; SameSite=Lax");
    }
}
