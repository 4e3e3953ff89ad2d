package org.fedra.hub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import java.util.Set;
import org.fedra.web.SignedInPerson;
import org.fedra.web.SignedInPerson.Role;

/**
 * The demo's sign-in to the hub's pages ({@code fedra demo --keep} only): there is no OpenID Connect provider in the
 * demo, so the visitor chooses to be the federation's operator or a researcher. A hub started any other way has no
 * such route (404): people sign in through the configured provider only.
 */
final class HubDemoSignIn {
    private final HubSignIn signIn;

    private HubDemoSignIn(HubSignIn signIn) {
        this.signIn = signIn;
    }

    static void register(Javalin app, HubSignIn signIn) {
        HubDemoSignIn d = new HubDemoSignIn(signIn);
        app.get("/auth/demo", ctx -> d.form(ctx, HttpStatus.OK, null));
        app.post("/auth/demo", d::signIn);
    }

    private void form(Context ctx, HttpStatus status, String error) {
        StringBuilder m = new StringBuilder("<h1>Demo sign-in</h1><p class=\"notice\">This is the Fedra demo: there is no sign-in service, so you "
                + "choose who you are. A real hub only lets people in through the federation's OpenID Connect provider.</p>");
        if (error != null) m.append("<p class=\"error\" role=\"alert\">").append(org.fedra.web.Html.text(error)).append("</p>");
        m.append("<form method=\"post\" action=\"/auth/demo\"><input type=\"hidden\" name=\"as\" value=\"researcher\">")
                .append("<button type=\"submit\">Sign in as a researcher</button></form>");
        m.append("<form method=\"post\" action=\"/auth/demo\"><input type=\"hidden\" name=\"as\" value=\"operator\">")
                .append("<button type=\"submit\">Sign in as the operator</button></form>");
        ctx.status(status).html(HubPage.page("Demo sign-in", null, m.toString()));
    }

    private void signIn(Context ctx) {
        // a sign-in forced from another site (login CSRF) is refused: a browser sends its page's Origin with a POST
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals(signIn.settings().origin())) {
            ctx.status(HttpStatus.FORBIDDEN).html(HubPage.page("Refused", null, HubPages.REFUSED));
            return;
        }
        String as = Optional.ofNullable(ctx.formParam("as")).orElse("");
        switch (as) {
            case "researcher" -> signIn.openSession(ctx, new SignedInPerson("demo:researcher", "Demo Researcher", Set.of(Role.RESEARCHER), null),
                    " (demo sign-in)");
            case "operator" -> signIn.openSession(ctx, new SignedInPerson("demo:operator", "Demo Operator", Set.of(Role.OPERATOR), null),
                    " (demo sign-in)");
            default -> form(ctx, HttpStatus.BAD_REQUEST, "Sign in as a researcher or as the operator.");
        }
    }
}
