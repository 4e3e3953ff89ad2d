package org.fedra.hub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.fedra.web.Html;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/**
 * Personal API tokens ({@code /account/tokens}): a signed-in person makes tokens for their scripts and the CLI, with
 * scopes among their own roles, sees them listed (never the token again) and revokes them.
 */
final class TokensPage {
    private final HubPages pages;
    private final ApiTokens tokens;

    TokensPage(HubPages pages, ApiTokens tokens) {
        this.pages = pages;
        this.tokens = tokens;
    }

    void register(Javalin app) {
        app.get("/account/tokens", ctx -> pages.require(ctx, null).ifPresent(s -> render(ctx, s, HttpStatus.OK, null, null, null)));
        app.post("/account/tokens", this::create);
        app.post("/account/tokens/{id}/revoke", this::revoke);
    }

    private void create(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, null);
        if (s.isEmpty()) return;
        Set<Role> scopes = EnumSet.noneOf(Role.class);
        int days;
        try {
            for (String w : ctx.formParams("scope")) scopes.addAll(ApiTokens.roles(w));
            String d = ctx.formParam("days");
            try {
                days = Integer.parseInt(d == null ? "" : d.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("days: must be a whole number from 1 to " + ApiTokens.MAX_DAYS + ", was '" + (d == null ? "" : d) + "'");
            }
            ApiTokens.Created c = tokens.create(s.get().person().subject(), s.get().person().name(), s.get().person().roles(), ctx.formParam("name"), scopes, days);
            String shown = "<section class=\"notice\" aria-labelledby=\"new-h\"><h2 id=\"new-h\">Your new token " + Html.text(c.info().name()) + "</h2>"
                    + "<p>Copy it now: it is not shown again. Send it as <code>Authorization: Bearer TOKEN</code>.</p>"
                    + "<label for=\"token\">Token</label><textarea id=\"token\" readonly rows=\"2\">" + Html.text(c.token()) + "</textarea>"
                    + "<button type=\"button\" data-copy=\"token\">Copy the token</button><p id=\"copy-status\" role=\"status\"></p></section>";
            render(ctx, s.get(), HttpStatus.CREATED, shown, null, null);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String field = msg.startsWith("scopes") ? "scopes" : msg.startsWith("days") ? "days" : "name";
            render(ctx, s.get(), HttpStatus.BAD_REQUEST, null, field, msg);
        }
    }

    private void revoke(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, null);
        if (s.isEmpty()) return;
        if (!tokens.revoke(s.get().person().subject(), ctx.pathParam("id"))) {
            ctx.status(HttpStatus.NOT_FOUND).html(HubPage.page("Not found", s.get(), "<h1>Not found</h1><p>You hold no live token of that id.</p>"));
            return;
        }
        render(ctx, s.get(), HttpStatus.OK, "<p class=\"notice\" role=\"status\">The token is revoked.</p>", null, null);
    }

    private void render(Context ctx, Sessions.Session s, HttpStatus status, String notice, String errorField, String error) {
        Instant now = Instant.now();
        StringBuilder m = new StringBuilder("<h1>API tokens</h1>");
        if (notice != null) m.append(notice);
        m.append("<p>A token lets a script or the CLI call the hub's API as you, with the scopes you choose. The operator's own token "
                + "(<code>operator.token</code> in the hub's data directory) stays for automation.</p>");
        m.append("<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Scopes</th><th scope=\"col\">Expires</th><th scope=\"col\">State</th>"
                + "<th scope=\"col\">Revoke</th></tr></thead><tbody>");
        for (ApiTokens.Info i : tokens.list(s.person().subject())) {
            m.append("<tr><td data-label=\"Name\">").append(Html.text(i.name())).append("</td><td data-label=\"Scopes\">").append(Html.text(ApiTokens.words(i.scopes())))
                    .append("</td><td data-label=\"Expires\">").append(Html.text(OperatorConsole.WHEN.format(i.expiresAt()))).append("</td><td data-label=\"State\">")
                    .append(i.revokedAt() != null ? "revoked" : i.live(now) ? "live" : "expired").append("</td><td data-label=\"Revoke\">");
            if (i.live(now)) {
                m.append("<form method=\"post\" action=\"/account/tokens/").append(Html.text(i.id())).append("/revoke\">").append(HubPage.csrfField(s))
                        .append("<button type=\"submit\" class=\"secondary\">Revoke ").append(Html.text(i.name())).append("</button></form>");
            }
            m.append("</td></tr>");
        }
        m.append("</tbody></table>");
        String nameErr = "name".equals(errorField) ? error : null, scopesErr = "scopes".equals(errorField) ? error : null, daysErr = "days".equals(errorField) ? error : null;
        m.append("<section aria-labelledby=\"make-h\"><h2 id=\"make-h\">Make a token</h2><form method=\"post\" action=\"/account/tokens\">").append(HubPage.csrfField(s))
                .append("<label for=\"name\">Name (what it is for)</label>").append(HubPage.fieldError("name", nameErr))
                .append("<input type=\"text\" id=\"name\" name=\"name\" maxlength=\"").append(ApiTokens.MAX_NAME).append("\"").append(HubPage.invalid("name", nameErr)).append(">")
                .append("<fieldset id=\"scopes\"").append(HubPage.invalid("scopes", scopesErr)).append("><legend>Scopes</legend>").append(HubPage.fieldError("scopes", scopesErr));
        for (Role r : s.person().roles()) {
            m.append("<label class=\"checkbox\"><input type=\"checkbox\" name=\"scope\" value=\"").append(r.defaultValue()).append("\"> ")
                    .append(r.defaultValue()).append("</label>");
        }
        m.append("</fieldset><label for=\"days\">Valid for (days)</label>").append(HubPage.fieldError("days", daysErr))
                .append("<input type=\"text\" inputmode=\"numeric\" id=\"days\" name=\"days\" value=\"30\"").append(HubPage.invalid("days", daysErr)).append(">")
                .append("<div><button type=\"submit\">Make the token</button></div></form></section>");
        ctx.status(status).html(HubPage.page("API tokens", s, m.toString(), "<script src=\"/static/copy.js\"></script>"));
    }
}
