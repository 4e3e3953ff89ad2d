package org.fedra.hub.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/**
 * The door of the hub's API ({@code /api/*}): identifies the caller (the operator's bearer token, a personal API
 * token, or a signed-in browser session, whose state changes need the session's CSRF token) and checks the role the
 * route needs ({@link RoutePolicy}). An unknown caller gets 401, a known one without the role 403; both are JSON
 * {@code {"error": ...}} and nothing else runs.
 */
public final class HubAccess {
    private final Supplier<String> operatorToken;
    private final ApiTokens tokens;
    private final HubSignIn signIn;

    /** @param signIn the sign-in of the hub's pages, or null when people cannot sign in (bearer tokens only) */
    public HubAccess(Supplier<String> operatorToken, ApiTokens tokens, HubSignIn signIn) {
        this.operatorToken = operatorToken;
        this.tokens = tokens;
        this.signIn = signIn;
    }

    /** The before-handler of every API route. */
    public void check(Context ctx) {
        if (RoutePolicy.isPublic(ctx.path())) return;
        Optional<Caller> caller = identify(ctx);
        if (caller.isEmpty()) return; // answered
        Optional<Role> needed = RoutePolicy.required(ctx.path());
        if (needed.isPresent() && !caller.get().is(needed.get())) {
            if (caller.get().session() != null) signIn.refused(caller.get().session(), "an API route of another role: " + ctx.method() + " " + ctx.path());
            refuse(ctx, HttpStatus.FORBIDDEN, "this route is for the " + needed.get().defaultValue() + " role; the caller has "
                    + (caller.get().roles().isEmpty() ? "no role" : ApiTokens.words(caller.get().roles())));
            return;
        }
        ctx.attribute(Caller.ATTRIBUTE, caller.get());
    }

    private Optional<Caller> identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            String expected = "Bearer " + operatorToken.get();
            if (MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                return Optional.of(Caller.operatorToken());
            }
            if (header.startsWith("Bearer " + ApiTokens.PREFIX)) {
                Optional<ApiTokens.Holder> h = tokens == null ? Optional.empty() : tokens.find(header.substring("Bearer ".length()).trim());
                if (h.isPresent()) {
                    Set<Role> scopes = h.get().scopes();
                    return Optional.of(new Caller(Caller.principalOf("token:" + h.get().ownerSubject(), scopes), scopes, Caller.Kind.API_TOKEN, null));
                }
                unauthorized(ctx, "unknown, expired or revoked API token");
                return Optional.empty();
            }
            unauthorized(ctx, "missing or wrong operator token (Authorization: Bearer <token from the hub's operator.token>, or a personal API token)");
            return Optional.empty();
        }
        Optional<Sessions.Session> s = signIn == null ? Optional.empty() : signIn.session(ctx);
        if (s.isEmpty()) {
            unauthorized(ctx, "missing or wrong operator token (Authorization: Bearer <token from the hub's operator.token>, or a personal API token)");
            return Optional.empty();
        }
        boolean reads = ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD");
        if (!reads && !signIn.csrfOk(ctx, s.get())) {
            signIn.refused(s.get(), "an API state change without this session's CSRF token: " + ctx.method() + " " + ctx.path());
            refuse(ctx, HttpStatus.FORBIDDEN, "a state change from a browser session needs the session's CSRF token (header " + HubSignIn.CSRF_HEADER + ")");
            return Optional.empty();
        }
        return Optional.of(new Caller(HubSignIn.principal(s.get()), s.get().person().roles(), Caller.Kind.SESSION, s.get()));
    }

    private static void unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "Bearer");
        refuse(ctx, HttpStatus.UNAUTHORIZED, message);
    }

    private static void refuse(Context ctx, HttpStatus status, String message) {
        ObjectNode o = JsonCodec.object().put("error", message);
        ctx.status(status).json(o);
        ctx.skipRemainingHandlers();
    }
}
