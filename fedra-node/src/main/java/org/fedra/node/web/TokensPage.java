package org.fedra.node.web;

import org.fedra.web.Sessions;
import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedra.node.api.ApiScope;
import org.fedra.node.api.ApiTokens;
import org.fedra.protocol.audit.AuditAction;

/**
 * Personal API tokens on the steward's console: create one with a name and scopes (the token is shown once, on the
 * answer to the form, and kept only as a hash), list them, revoke one. Creating and revoking are audited with the
 * steward's name.
 */
final class TokensPage {
    private final StewardGate gate;
    private final ApiTokens tokens;

    TokensPage(StewardGate gate, ApiTokens tokens) {
        this.gate = gate;
        this.tokens = tokens;
    }

    void show(Context ctx) {
        gate.steward(ctx).ifPresent(s -> render(ctx, s, HttpStatus.OK, null, null, null));
    }

    void create(Context ctx) {
        Optional<Sessions.Session> found = gate.stewardChanging(ctx);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
        for (String code : ctx.formParams("scope")) {
            Optional<ApiScope> scope = ApiScope.ofCode(code);
            if (scope.isEmpty()) {
                render(ctx, s, HttpStatus.BAD_REQUEST, null, null, "Scopes: there is no scope '" + code + "'");
                return;
            }
            scopes.add(scope.get());
        }
        ApiTokens.Created created;
        try {
            created = tokens.create(ctx.formParam("name"), scopes, StewardGate.actor(s).id());
        } catch (IllegalArgumentException e) {
            render(ctx, s, HttpStatus.BAD_REQUEST, null, null, e.getMessage());
            return;
        }
        gate.audit(AuditAction.API_TOKEN_CREATED, s, "API token " + created.token().id() + " '" + created.token().name() + "' created with scopes "
                + created.token().scopes().stream().map(ApiScope::code).sorted().collect(Collectors.joining(" ")));
        render(ctx, s, HttpStatus.CREATED, "Token '" + created.token().name() + "' created.", created.secret(), null);
    }

    void revoke(Context ctx) {
        Optional<Sessions.Session> found = gate.stewardChanging(ctx);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        String id = ctx.pathParam("id");
        if (!tokens.revoke(id, StewardGate.actor(s).id())) {
            render(ctx, s, HttpStatus.NOT_FOUND, null, null, "There is no API token " + id + " that is not revoked already.");
            return;
        }
        gate.audit(AuditAction.API_TOKEN_REVOKED, s, "API token " + id + " revoked");
        render(ctx, s, HttpStatus.OK, "Token revoked: it no longer works.", null, null);
    }

    private void render(Context ctx, Sessions.Session s, HttpStatus status, String notice, String secret, String error) {
        StringBuilder m = new StringBuilder("<h1>API tokens</h1>").append(StewardGate.notice(notice));
        if (secret != null) {
            m.append("<p>Copy the token now: it is shown only this once (the node keeps only a fingerprint of it). Send it as "
                    + "<code>Authorization: Bearer &lt;token&gt;</code> to the node's API.</p><p class=\"secret\" id=\"new-token\">")
                    .append(Html.text(secret)).append("</p>");
        }
        m.append("<h2 id=\"new\">New token</h2><form method=\"post\" action=\"/steward/tokens\">").append(StewardGate.csrf(s));
        if (error != null) m.append(StewardGate.error("token-error", error));
        m.append("<label for=\"name\">Name (what it is for)</label><input type=\"text\" id=\"name\" name=\"name\" maxlength=\"100\"")
                .append(error != null && error.startsWith("Name") ? " aria-invalid=\"true\" aria-describedby=\"token-error\"" : "").append(">");
        m.append("<fieldset><legend>Scopes: what the token may do</legend>");
        for (ApiScope scope : ApiScope.values()) {
            String id = "scope-" + scope.code().replace(':', '-');
            m.append("<label class=\"checkbox\" for=\"").append(id).append("\"><input type=\"checkbox\" id=\"").append(id).append("\" name=\"scope\" value=\"")
                    .append(Html.text(scope.code())).append("\"><span><code>").append(Html.text(scope.code())).append("</code>: ")
                    .append(Html.text(scope.meaning())).append("</span></label>");
        }
        m.append("</fieldset><div><button type=\"submit\">Create the token</button></div></form>");
        List<ApiTokens.Token> all = tokens.list();
        m.append("<h2 id=\"tokens\">Tokens</h2>");
        if (all.isEmpty()) m.append("<p>No personal token yet.</p>");
        for (ApiTokens.Token t : all) {
            m.append("<section class=\"request\" aria-label=\"Token ").append(Html.text(t.name())).append("\"><h3>").append(Html.text(t.name())).append("</h3><p>")
                    .append(Html.text(t.scopes().stream().map(ApiScope::code).sorted().collect(Collectors.joining(", ")))).append("<br>created by ")
                    .append(Html.text(t.createdBy())).append(", ").append(Html.text(StewardGate.WHEN.format(t.createdAt())));
            if (t.revoked()) {
                m.append("<br><strong>revoked</strong> by ").append(Html.text(t.revokedBy())).append(", ").append(Html.text(StewardGate.WHEN.format(t.revokedAt())))
                        .append("</p>");
            } else {
                m.append("</p><form method=\"post\" action=\"/steward/tokens/").append(Html.text(t.id())).append("/revoke\">").append(StewardGate.csrf(s))
                        .append("<button type=\"submit\" class=\"danger\">Revoke ").append(Html.text(t.name())).append("</button></form>");
            }
            m.append("</section>");
        }
        gate.render(ctx, status, s, "API tokens", "/steward/tokens", m.toString());
    }
}
