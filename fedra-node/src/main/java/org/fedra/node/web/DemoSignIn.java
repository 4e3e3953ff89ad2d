package org.fedra.node.web;

import org.fedra.web.SignInSettings;
import org.fedra.web.SignedInPerson;
import org.fedra.web.Html;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.study.ContractBook;
import org.fedra.protocol.audit.AuditLog;

/**
 * The demo's sign-in ({@code fedra demo --keep} only): no identity provider; whoever opens {@code /auth/demo} chooses to
 * be the hospital's data steward or one of its patients (by hospital identifier), and gets a session as they would
 * after an OpenID Connect sign-in, with the same roles, CSRF tokens and audit entries (marked as demo sign-ins). A
 * node only has these routes when it was started for the demo ({@code NodeConfig.withDemoSignIn}); every other node
 * answers 404 on them.
 */
public final class DemoSignIn {
    static final String STEWARD_SUBJECT = "demo-steward";
    private final PatientPortal portal;
    private final NodeDataLayer data;

    private DemoSignIn(PatientPortal portal, NodeDataLayer data) {
        this.portal = portal;
        this.data = data;
    }

    /** The portal and steward console with the demo's sign-in, for browsers at {@code publicUrl} (http://localhost:PORT). */
    public static PatientPortal register(Javalin app, URI publicUrl, NodeDataLayer data, AuditLog audit, Clock clock, ContractBook contracts) {
        SignInSettings settings = SignInSettings.forNode(URI.create("http://localhost/fedra-demo-sign-in"), "fedra-demo", null, publicUrl, "roles",
                "steward", "patient", "hospital_id", null, Duration.ofHours(8));
        PatientPortal portal = PatientPortal.registerForDemo(app, settings, data, audit, clock, contracts);
        DemoSignIn d = new DemoSignIn(portal, data);
        app.get("/auth/demo", ctx -> d.form(ctx, HttpStatus.OK, null, ""));
        app.post("/auth/demo", d::signIn);
        return portal;
    }

    private void form(Context ctx, HttpStatus status, String error, String identifier) {
        StringBuilder m = new StringBuilder("<h1>Demo sign-in</h1><p class=\"notice\">This is the Fedra demo: there is no sign-in service, so you "
                + "choose who you are. A real node only lets people in through the hospital's OpenID Connect provider.</p>");
        m.append("<form method=\"post\" action=\"/auth/demo\"><input type=\"hidden\" name=\"as\" value=\"steward\">")
                .append("<button type=\"submit\">Sign in as the data steward</button></form>");
        m.append("<h2 id=\"patient-heading\">Or as a patient</h2><form method=\"post\" action=\"/auth/demo\"><input type=\"hidden\" name=\"as\" value=\"patient\">");
        if (error != null) m.append(StewardGate.error("identifier-error", error));
        m.append("<label for=\"identifier\">Your hospital identifier (SYSTEM|VALUE)</label><input type=\"text\" id=\"identifier\" name=\"identifier\" value=\"")
                .append(Html.text(identifier)).append("\"").append(error != null ? " aria-invalid=\"true\" aria-describedby=\"identifier-error\"" : "")
                .append("><div><button type=\"submit\">Sign in as this patient</button></div></form>");
        ctx.status(status).html(Html.page("Demo sign-in", "<p>Fedra demo</p>", m.toString()));
    }

    private void signIn(Context ctx) {
        String as = Optional.ofNullable(ctx.formParam("as")).orElse("");
        if (as.equals("steward")) {
            portal.openSession(ctx, new SignedInPerson(STEWARD_SUBJECT, "Demo Steward", Set.of(SignedInPerson.Role.STEWARD), null), " (demo sign-in)");
            return;
        }
        if (!as.equals("patient")) {
            form(ctx, HttpStatus.BAD_REQUEST, "Sign in as the data steward or as a patient.", "");
            return;
        }
        String identifier = Optional.ofNullable(ctx.formParam("identifier")).orElse("").trim();
        if (identifier.indexOf('|') <= 0 || identifier.endsWith("|")) {
            form(ctx, HttpStatus.BAD_REQUEST, "Hospital identifier: write it as SYSTEM|VALUE.", identifier);
            return;
        }
        if (data.rights().findPatient(identifier).isEmpty()) {
            form(ctx, HttpStatus.BAD_REQUEST, "Hospital identifier: this hospital has no patient " + identifier + ".", identifier);
            return;
        }
        portal.openSession(ctx, new SignedInPerson("demo-patient:" + identifier, "Demo patient", Set.of(SignedInPerson.Role.PATIENT), identifier),
                " (demo sign-in)");
    }
}
