package org.fedra.hub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.fedra.hub.Hub;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.web.OidcProvider;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/**
 * The hub's pages for people, on the API's server: sign-in, the operator console ({@code /operator}), the researcher
 * workspace ({@code /research}) and personal API tokens ({@code /account/tokens}). Pages are rendered on the server with
 * every value escaped; the only scripts are files served from the jar (the live training chart with uPlot, the copy
 * button). Every page checks the session and the role; every state change is a POST with the session's CSRF token.
 */
public final class HubPages {
    static final String REFUSED = "<h1>Refused</h1><p>This request did not come from a page of this site, so nothing was changed. "
            + "Go back and try again.</p>";
    /** The uPlot webjar (Maven Central), served from the jar: no CDN. */
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String[]> STATIC = Map.of(
            "hub.css", new String[] {"/hub-web/hub.css", "text/css; charset=utf-8"},
            "training.js", new String[] {"/hub-web/training.js", "text/javascript; charset=utf-8"},
            "copy.js", new String[] {"/hub-web/copy.js", "text/javascript; charset=utf-8"},
            "uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private final HubSignIn signIn;

    private HubPages(HubSignIn signIn) {
        this.signIn = signIn;
    }

    /**
     * Serves the pages on {@code app}, people signing in through {@code provider}; answers the API's access check, which
     * also admits the signed-in people's sessions.
     */
    public static HubAccess register(Javalin app, Hub hub, OidcProvider provider, AuditLog audit, ApiTokens tokens, Clock clock) {
        return register(app, hub, new HubSignIn(provider, audit, clock), tokens);
    }

    /**
     * For {@code fedra demo --keep} only: the same pages, people signing in through the demo's sign-in (choose operator or
     * researcher; no provider) at {@code publicUrl} ({@code http://localhost:PORT}, the origin the pages check).
     */
    public static HubAccess registerForDemo(Javalin app, Hub hub, java.net.URI publicUrl, AuditLog audit, ApiTokens tokens, Clock clock) {
        org.fedra.web.SignInSettings settings = org.fedra.web.SignInSettings.forHub(java.net.URI.create("http://localhost/fedra-demo-sign-in"),
                "fedra-demo", null, publicUrl, "roles", "operator", "researcher", java.time.Duration.ofHours(8));
        HubSignIn signIn = new HubSignIn(null, settings, audit, clock);
        HubDemoSignIn.register(app, signIn);
        return register(app, hub, signIn, tokens);
    }

    private static HubAccess register(Javalin app, Hub hub, HubSignIn signIn, ApiTokens tokens) {
        HubPages pages = new HubPages(signIn);
        app.before(ctx -> {
            if (!ctx.path().startsWith("/api/")) securityHeaders(ctx);
        });
        signIn.register(app);
        app.get("/", ctx -> {
            Optional<Sessions.Session> s = signIn.session(ctx);
            ctx.redirect(s.isPresent() ? HubSignIn.home(s.get().person()) : "/auth/login");
        });
        app.get("/static/{file}", HubPages::staticFile);
        new OperatorConsole(pages, hub).register(app);
        new ResearchWorkspace(pages, hub).register(app);
        new TokensPage(pages, tokens).register(app);
        return new HubAccess(hub::operatorToken, tokens, signIn);
    }

    /**
     * The session of a person with {@code role}, or empty when the request was answered instead: not signed in (to the
     * sign-in for a page, 401 for a form), another role (403), a state change without the CSRF token (403).
     */
    Optional<Sessions.Session> require(Context ctx, Role role) {
        Optional<Sessions.Session> s = signIn.session(ctx);
        boolean reads = ctx.method().name().equals("GET");
        if (s.isEmpty()) {
            if (reads) {
                ctx.redirect("/auth/login");
            } else {
                ctx.status(HttpStatus.UNAUTHORIZED).html(HubPage.page("Sign in", null, "<h1>Please sign in</h1><p><a href=\"/auth/login\">Sign in</a></p>"));
            }
            return Optional.empty();
        }
        if (role != null && !s.get().person().is(role)) {
            signIn.refused(s.get(), "a page of the " + role.defaultValue() + " role: " + ctx.method() + " " + ctx.path());
            ctx.status(HttpStatus.FORBIDDEN).html(HubPage.page("Not allowed", s.get(), "<h1>Not allowed</h1><p>This page is for the "
                    + role.defaultValue() + " role, which your sign-in does not give you.</p>"));
            return Optional.empty();
        }
        if (!reads && !signIn.csrfOk(ctx, s.get())) {
            signIn.refused(s.get(), "a state change without this session's form token: " + ctx.method() + " " + ctx.path());
            ctx.status(HttpStatus.FORBIDDEN).html(HubPage.page("Refused", s.get(), REFUSED));
            return Optional.empty();
        }
        return s;
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    private static void staticFile(Context ctx) throws IOException {
        String[] f = STATIC.get(ctx.pathParam("file"));
        if (f == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("no such file");
            return;
        }
        if (f[0].endsWith("/hub.css")) {
            ctx.contentType(f[1]).result(org.fedra.web.Html.stylesheet(HubPages.class, f[0]));
            return;
        }
        try (InputStream in = HubPages.class.getResourceAsStream(f[0])) {
            if (in == null) throw new IllegalStateException(f[0] + " is missing from the hub's jar");
            ctx.contentType(f[1]).result(in.readAllBytes());
        }
    }
}
