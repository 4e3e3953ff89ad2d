package org.fedra.node.web;

import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson;
import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.Principal;

/**
 * The door of every steward page: a signed-in person with the steward role passes; anyone signed out gets 401, anyone
 * else 403 (audited). Also the frame the steward pages share (the console's navigation) and their CSRF check.
 */
final class StewardGate {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String[][] SECTIONS = {
            {"/steward", "Studies"}, {"/steward/policy", "Policy"}, {"/steward/imports", "Imports"}, {"/steward/inventory", "Inventory"},
            {"/steward/access-log", "Access log"}, {"/steward/releases", "Releases"}, {"/steward/audit", "Audit log"},
            {"/steward/status", "Node status"}, {"/steward/tokens", "API tokens"}};
    private final PatientPortal portal;

    StewardGate(PatientPortal portal) {
        this.portal = portal;
    }

    /** The steward's session, or the answer already sent: 401 signed out, 403 not a steward (audited). */
    Optional<Sessions.Session> steward(Context ctx) {
        Optional<Sessions.Session> s = portal.session(ctx);
        if (s.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(Html.page("Sign in", "<p>Data steward</p>",
                    "<h1>Please sign in</h1><p><a class=\"button\" href=\"/auth/login\">Sign in</a></p>"));
            return Optional.empty();
        }
        if (!s.get().person().is(SignedInPerson.Role.STEWARD)) {
            portal.audit().append(AuditAction.PORTAL_ACCESS_REFUSED, PatientPortal.principal(s.get()),
                    "asked for the steward's console without the steward role: " + ctx.method() + " " + ctx.matchedPath());
            ctx.status(HttpStatus.FORBIDDEN).html(Html.page("Not allowed", portal.header(s.get()),
                    "<h1>Not allowed</h1><p>Only the hospital's data stewards can see this page.</p>"));
            return Optional.empty();
        }
        return s;
    }

    /** The steward's session for a state change: also needs the session's CSRF token (refused with 403 and audited otherwise). */
    Optional<Sessions.Session> stewardChanging(Context ctx) {
        Optional<Sessions.Session> s = steward(ctx);
        if (s.isEmpty() || !portal.csrfOk(ctx, s.get())) return Optional.empty();
        return s;
    }

    /** As {@link #stewardChanging(Context)} for a multipart form, whose {@code csrf} field carries the token. */
    Optional<Sessions.Session> stewardChanging(Context ctx, Optional<MultipartForm> form) {
        Optional<Sessions.Session> s = steward(ctx);
        if (s.isEmpty()) return s;
        return portal.csrfOk(ctx, s.get(), form.map(f -> f.field("csrf")).orElse(null)) ? s : Optional.empty();
    }

    void audit(AuditAction action, Sessions.Session s, String detail) {
        portal.audit().append(action, actor(s), detail);
    }

    /** The steward as the audit log names them: their name and the provider's subject. */
    static Principal actor(Sessions.Session s) {
        return Principal.steward(s.person().name() + " (" + s.person().subject() + ")");
    }

    /** The page frame of the console: the header, the navigation (the current section marked), the content. */
    void render(Context ctx, HttpStatus status, Sessions.Session s, String title, String current, String main) {
        ctx.status(status).html(Html.page(title, portal.header(s), nav(current) + main));
    }

    static String nav(String current) {
        StringBuilder b = new StringBuilder("<nav aria-label=\"Steward console\"><ul class=\"sections\">");
        for (String[] e : SECTIONS) {
            b.append("<li><a href=\"").append(e[0]).append("\"").append(e[0].equals(current) ? " aria-current=\"page\"" : "").append(">")
                    .append(Html.text(e[1])).append("</a></li>");
        }
        return b.append("</ul></nav>").toString();
    }

    static String csrf(Sessions.Session s) {
        return PatientPortal.csrfField(s);
    }

    static String notice(String text) {
        return text == null ? "" : "<p class=\"notice\" role=\"status\">" + Html.text(text) + "</p>";
    }

    static String error(String id, String text) {
        return "<p class=\"error\" role=\"alert\" id=\"" + Html.text(id) + "\">" + Html.text(text) + "</p>";
    }
}
