package org.fedra.node.web;

import org.fedra.web.Html;
import org.fedra.web.OidcProvider;
import org.fedra.web.Sessions;
import org.fedra.web.SignInRefusedException;
import org.fedra.web.SignInSettings;
import org.fedra.web.SignedInPerson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedra.node.consent.AccessLogEntry;
import org.fedra.node.consent.ConsentCompiler;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.NodeDataLayer;
import org.fedra.node.fhir.StoredResource;
import org.fedra.node.rights.ConsentRequest;
import org.fedra.node.rights.ErasureReceipt;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Resource;

/**
 * The patient portal and sign-in, served by the node's HTTP server: sign in through the hospital's OpenID Connect
 * provider (authorization code with PKCE), then, as a patient, see what the hospital holds, every use of the record,
 * allow or deny research per organisation and purpose (a FHIR Consent through the consent engine, in force for the
 * next task), download the record (a FHIR Bundle) and erase it with a receipt.
 *
 * <p>Pages are rendered on the server with every value escaped; there is no script. The session is a random id in a
 * {@code Secure; HttpOnly; SameSite=Lax} cookie; every state change is a POST carrying the session's CSRF token
 * (and, when the browser sends one, an Origin equal to the portal's). A patient's pages name their record by its
 * hospital identifier; any other identifier answers 404, exactly like a record that does not exist, and is audited.
 */
public final class PatientPortal {
    static final String SESSION_COOKIE = "fedra_session";
    static final String SIGN_IN_COOKIE = "fedra_sign_in";
    static final String ORGANISATION_ID = "[A-Za-z0-9\\-.]{1,64}";
    static final Map<String, Purpose> PURPOSES;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static {
        Map<String, Purpose> p = new java.util.LinkedHashMap<>();
        p.put("HRESCH", Purpose.HEALTHCARE_RESEARCH);
        p.put("CLINTRCH", Purpose.CLINICAL_TRIAL_RESEARCH);
        p.put("PUBHLTH", Purpose.PUBLIC_HEALTH);
        p.put("HMARKT", Purpose.COMMERCIAL);
        PURPOSES = java.util.Collections.unmodifiableMap(p);
    }

    private final SignInSettings settings;
    private final OidcProvider provider;
    private final NodeDataLayer data;
    private final AuditLog audit;
    private final Sessions sessions;
    private boolean stewardConsole;

    private PatientPortal(SignInSettings settings, OidcProvider provider, NodeDataLayer data, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.data = data;
        this.audit = audit;
        this.sessions = new Sessions(clock, settings.sessionLength());
    }

    /** Adds the sign-in and the portal's pages to the node's server. */
    public static PatientPortal register(Javalin app, OidcProvider provider, NodeDataLayer data, AuditLog audit, Clock clock) {
        return register(app, provider, data, audit, clock, null);
    }

    /** Adds the sign-in, the portal's pages and, when {@code contracts} is not null, the steward's console ({@code /steward}). */
    public static PatientPortal register(Javalin app, OidcProvider provider, NodeDataLayer data, AuditLog audit, Clock clock,
                                         org.fedra.node.study.ContractBook contracts) {
        return registerPages(app, new PatientPortal(provider.settings(), provider, data, audit, clock), audit, contracts);
    }

    /** The portal without a provider: {@link DemoSignIn} opens its sessions; {@code /auth/login} leads there. */
    static PatientPortal registerForDemo(Javalin app, SignInSettings settings, NodeDataLayer data, AuditLog audit, Clock clock,
                                         org.fedra.node.study.ContractBook contracts) {
        return registerPages(app, new PatientPortal(settings, null, data, audit, clock), audit, contracts);
    }

    private static PatientPortal registerPages(Javalin app, PatientPortal p, AuditLog audit, org.fedra.node.study.ContractBook contracts) {
        if (contracts != null) {
            app.before("/steward*", PatientPortal::securityHeaders);
            StewardConsole.register(app, p, contracts, audit);
            p.stewardConsole = true;
        }
        app.before("/portal*", PatientPortal::securityHeaders);
        app.before("/auth/*", PatientPortal::securityHeaders);
        app.get("/", ctx -> ctx.redirect("/portal"));
        app.get("/portal", p::home);
        app.get("/portal/static/portal.css", PatientPortal::stylesheet);
        app.get("/auth/login", p::login);
        app.get("/auth/callback", p::callback);
        app.post("/auth/logout", p::logout);
        app.get("/portal/records/{identifier}", p::record);
        app.post("/portal/records/{identifier}/choices", p::choose);
        app.post("/portal/records/{identifier}/requests/{request}/accept", ctx -> p.answerRequest(ctx, true));
        app.post("/portal/records/{identifier}/requests/{request}/decline", ctx -> p.answerRequest(ctx, false));
        app.get("/portal/records/{identifier}/export", p::export);
        app.get("/portal/records/{identifier}/erase", p::eraseConfirmation);
        app.post("/portal/records/{identifier}/erase", p::erase);
        return p;
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        // not no-referrer: with it the browser sends "Origin: null" on the portal's own forms
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    private static void stylesheet(Context ctx) throws IOException {
        ctx.contentType("text/css; charset=utf-8").result(Html.stylesheet(PatientPortal.class, "/portal/portal.css"));
    }

    // ---- sign-in ----

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
        if (provider == null) {
            refuseSignIn(ctx, "this node has no sign-in provider");
            return;
        }
        if (ctx.queryParam("error") != null) {
            refuseSignIn(ctx, "the sign-in provider reported: " + ctx.queryParam("error"));
            return;
        }
        // the state must be one this node issued, to this browser (no sign-in forced on someone else), and unused
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

    /** Opens a session for someone whose sign-in was verified ({@code how}: said in the audit entry), and sends them home. */
    void openSession(Context ctx, SignedInPerson person, String how) {
        String patientId = person.patientIdentifier() == null ? null : data.rights().findPatient(person.patientIdentifier()).orElse(null);
        Sessions.Session s = sessions.open(person, patientId);
        audit.append(AuditAction.PORTAL_SIGNED_IN, principal(s), "signed in to the node's pages as " + person.roles().stream()
                .map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList() + how);
        cookie(ctx, SESSION_COOKIE, s.id(), (int) settings.sessionLength().toSeconds(), "/");
        ctx.redirect("/portal");
    }

    private void refuseSignIn(Context ctx, String why) {
        audit.append(AuditAction.PORTAL_SIGN_IN_REFUSED, Principal.anonymous(ctx.ip()), why);
        ctx.status(HttpStatus.UNAUTHORIZED).html(Html.page("Sign-in failed", "<p>Your hospital record</p>",
                "<h1>Sign-in failed</h1><p class=\"error\">" + Html.text(why) + "</p><p><a href=\"/auth/login\">Try signing in again</a></p>"));
    }

    private void logout(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isPresent()) {
            if (!csrfOk(ctx, s.get())) return;
            sessions.close(s.get().id());
            audit.append(AuditAction.PORTAL_SIGNED_OUT, principal(s.get()), "signed out");
        }
        cookie(ctx, SESSION_COOKIE, "", 0, "/");
        ctx.html(Html.page("Signed out", "<p>Your hospital record</p>", "<h1>You are signed out</h1>"
                + "<p>To be sure nobody else uses your sign-in on this device, also sign out at your hospital's sign-in service or close the browser.</p>"
                + "<p><a href=\"/auth/login\">Sign in again</a></p>"));
    }

    // ---- pages ----

    private void home(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.html(Html.page("Sign in", "<p>Your hospital record</p>", "<h1>See and control how your hospital record is used</h1>"
                    + "<p>Sign in with your hospital account to see what the hospital holds about you, every time your record was used for research, "
                    + "and to allow or refuse research by each organisation.</p><p><a class=\"button\" href=\"/auth/login\">Sign in</a></p>"));
            return;
        }
        SignedInPerson person = s.get().person();
        if (person.is(SignedInPerson.Role.PATIENT)) {
            ctx.redirect(recordPath(person.patientIdentifier()));
            return;
        }
        if (person.is(SignedInPerson.Role.STEWARD) && stewardConsole) {
            ctx.redirect("/steward");
            return;
        }
        ctx.status(person.is(SignedInPerson.Role.STEWARD) ? HttpStatus.OK : HttpStatus.FORBIDDEN).html(Html.page("Signed in", header(s.get()),
                "<h1>Signed in as " + Html.text(person.name()) + "</h1>" + (person.is(SignedInPerson.Role.STEWARD)
                        ? "<p>You are a data steward of this hospital. The steward's pages are not part of this node yet; use <code>fedra node</code> commands.</p>"
                        : "<p class=\"error\">Your account has no role on this node (neither patient nor data steward).</p>")));
    }

    private void record(Context ctx) {
        Optional<Sessions.Session> found = patientSession(ctx);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        renderRecord(ctx, s, null, null);
    }

    private void renderRecord(Context ctx, Sessions.Session s, String notice, String error) {
        String patientId = s.patientId();
        StringBuilder m = new StringBuilder();
        m.append("<h1>Your record at this hospital</h1>");
        if (notice != null) m.append("<p class=\"notice\" role=\"status\">").append(Html.text(notice)).append("</p>");
        if (error != null) m.append("<p class=\"error\" role=\"alert\" id=\"choice-error\">").append(Html.text(error)).append("</p>");

        // what the hospital holds
        List<StoredResource> resources = data.store().ofPatient(patientId);
        Map<String, Integer> counts = new TreeMap<>();
        List<Consent> research = new ArrayList<>();
        for (StoredResource r : resources) {
            counts.merge(r.resourceType(), 1, Integer::sum);
            if (r.resourceType().equals("Consent")) {
                Resource res = r.resource();
                if (res instanceof Consent c && ConsentCompiler.isResearch(c)) research.add(c);
            }
        }
        m.append("<h2 id=\"holds\">What the hospital holds about you</h2><ul aria-labelledby=\"holds\">");
        counts.forEach((type, n) -> m.append("<li>").append(n).append(' ').append(Html.text(plural(type, n))).append("</li>"));
        m.append("</ul><p><a href=\"").append(recordPath(s.person().patientIdentifier())).append("/export\" download>Download all of it</a> "
                + "(a FHIR file that other health apps can read).</p>");

        // every use
        List<AccessLogEntry> uses = data.rights().accessLog(patientId);
        m.append("<h2 id=\"uses\">Every use of your record</h2>");
        if (uses.isEmpty()) {
            m.append("<p>Your record has not been used for any study.</p>");
        } else {
            m.append("<table aria-labelledby=\"uses\"><thead><tr><th scope=\"col\">Study</th><th scope=\"col\">Purpose</th>"
                    + "<th scope=\"col\">Organisation</th><th scope=\"col\">When</th></tr></thead><tbody>");
            for (AccessLogEntry e : uses) {
                m.append("<tr><td data-label=\"Study\">").append(Html.text(e.studyId())).append("</td><td data-label=\"Purpose\">")
                        .append(Html.text(purposeWords(e.purpose()))).append("</td><td data-label=\"Organisation\">").append(Html.text(e.organisation()))
                        .append("</td><td data-label=\"When\">").append(Html.text(WHEN.format(e.accessedAt()))).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }

        // the consent inbox
        List<ConsentRequest> pending = data.consentInbox().of(patientId).stream().filter(ConsentRequest::pending).toList();
        m.append("<h2 id=\"requests\">Requests to use your record</h2>");
        if (pending.isEmpty()) {
            m.append("<p>No organisation is waiting for your answer.</p>");
        }
        for (ConsentRequest r : pending) {
            String base = recordPath(s.person().patientIdentifier()) + "/requests/" + URLEncoder.encode(r.id(), StandardCharsets.UTF_8);
            String label = "request-" + Html.text(r.id());
            m.append("<section class=\"request\" aria-labelledby=\"").append(label).append("\"><h3 id=\"").append(label).append("\">")
                    .append(Html.text(r.organisation())).append(" asks to use your record for ").append(Html.text(purposeWords(r.purpose().toString()).toLowerCase(Locale.ROOT)))
                    .append("</h3><p>Study ").append(Html.text(r.studyId())).append(", asked on ").append(Html.text(WHEN.format(r.createdAt()))).append(".</p>")
                    .append("<form method=\"post\" action=\"").append(base).append("/accept\">").append(csrfField(s))
                    .append("<button type=\"submit\">Yes, allow ").append(Html.text(r.organisation())).append("</button></form>")
                    .append("<form method=\"post\" action=\"").append(base).append("/decline\">").append(csrfField(s))
                    .append("<button type=\"submit\" class=\"secondary\">No, refuse ").append(Html.text(r.organisation())).append("</button></form></section>");
        }

        // choices
        m.append("<h2 id=\"choices\">Your choices about research</h2>");
        List<Consent> active = research.stream().filter(c -> c.getStatus() == Consent.ConsentState.ACTIVE)
                .sorted(java.util.Comparator.comparing(Consent::getDateTime, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).reversed()).toList();
        if (active.isEmpty()) {
            m.append("<p>You have made no choice yet: the hospital's standard rules apply.</p>");
        } else {
            m.append("<ul aria-labelledby=\"choices\">");
            for (Consent c : active) {
                boolean allow = c.getProvision().getType() == Consent.ConsentProvisionType.PERMIT;
                String purposes = c.getProvision().getPurpose().isEmpty() ? "any research" : c.getProvision().getPurpose().stream()
                        .map(pc -> purposeWords(pc.getSystem() + "|" + pc.getCode())).reduce((a, b) -> a + ", " + b).orElse("");
                String orgs = c.getProvision().getActor().isEmpty() ? "every organisation" : c.getProvision().getActor().stream()
                        .map(a -> a.getReference().getReference().replaceFirst("^Organization/", "")).reduce((a, b) -> a + ", " + b).orElse("");
                m.append("<li>").append(allow ? "Allowed" : "Refused").append(": ").append(Html.text(purposes)).append(" by ").append(Html.text(orgs));
                if (c.getDateTime() != null) m.append(" (since ").append(Html.text(WHEN.format(c.getDateTime().toInstant()))).append(')');
                m.append("</li>");
            }
            m.append("</ul>");
        }
        TreeSet<String> organisations = new TreeSet<>();
        uses.forEach(e -> organisations.add(e.organisation()));
        for (ConsentRequest r : data.consentInbox().of(patientId)) organisations.add(r.organisation());
        m.append("<form method=\"post\" action=\"").append(recordPath(s.person().patientIdentifier())).append("/choices\">")
                .append(csrfField(s))
                .append("<label for=\"organisation\">Organisation</label><input type=\"text\" id=\"organisation\" name=\"organisation\" list=\"known-organisations\" "
                        + "autocomplete=\"off\" required").append(error == null ? "" : " aria-describedby=\"choice-error\" aria-invalid=\"true\"").append(">")
                .append("<datalist id=\"known-organisations\">");
        organisations.forEach(o -> m.append("<option value=\"").append(Html.text(o)).append("\"></option>"));
        m.append("</datalist><label for=\"purpose\">Purpose</label><select id=\"purpose\" name=\"purpose\">");
        PURPOSES.forEach((code, p) -> m.append("<option value=\"").append(code).append("\">").append(Html.text(purposeWords(p.toString()))).append("</option>"));
        m.append("</select><div><button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>"
                + "<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Refuse</button></div></form>");

        m.append("<h2>Erase your record</h2><p>You can ask the hospital's research platform to forget you. This cannot be undone.</p>"
                + "<p><a href=\"").append(recordPath(s.person().patientIdentifier())).append("/erase\">Erase my record from research</a></p>");
        ctx.status(error == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST).html(Html.page("Your record", header(s), m.toString()));
    }

    private void choose(Context ctx) {
        Optional<Sessions.Session> found = patientSession(ctx);
        if (found.isEmpty() || !csrfOk(ctx, found.get())) return;
        Sessions.Session s = found.get();
        String organisation = Optional.ofNullable(ctx.formParam("organisation")).orElse("").trim();
        String purposeCode = Optional.ofNullable(ctx.formParam("purpose")).orElse("");
        String decision = Optional.ofNullable(ctx.formParam("decision")).orElse("");
        if (!organisation.matches(ORGANISATION_ID)) {
            renderRecord(ctx, s, null, "Organisation: '" + organisation + "' is not an organisation's id (1 to 64 letters, digits, dots and dashes).");
            return;
        }
        Purpose purpose = PURPOSES.get(purposeCode);
        if (purpose == null) {
            renderRecord(ctx, s, null, "Purpose: choose one of the listed purposes.");
            return;
        }
        if (!decision.equals("allow") && !decision.equals("deny")) {
            renderRecord(ctx, s, null, "Choose Allow or Refuse.");
            return;
        }
        String consentId;
        if (decision.equals("allow")) {
            consentId = data.rights().grant(s.patientId(), purpose, organisation);
            audit.append(AuditAction.PATIENT_CONSENT_GRANTED, principal(s), "consent " + consentId + " through the portal, purpose " + purpose
                    + ", organisation " + organisation);
        } else {
            consentId = data.rights().withdraw(s.patientId(), purpose, organisation);
            audit.append(AuditAction.PATIENT_WITHDRAWAL, principal(s), "consent " + consentId + " through the portal, purpose " + purpose
                    + ", organisation " + organisation);
        }
        renderRecord(ctx, s, "Saved: " + (decision.equals("allow") ? "you allow " : "you refuse ") + purposeWords(purpose.toString()).toLowerCase(Locale.ROOT)
                + " by " + organisation + ". This applies to every study that starts from now on.", null);
    }

    private void answerRequest(Context ctx, boolean accept) {
        Optional<Sessions.Session> found = patientSession(ctx);
        if (found.isEmpty() || !csrfOk(ctx, found.get())) return;
        Sessions.Session s = found.get();
        ConsentRequest r;
        try {
            // the inbox finds the request among this patient's only: another patient's request id is unknown here
            r = accept ? data.consentInbox().accept(s.patientId(), ctx.pathParam("request")) : data.consentInbox().decline(s.patientId(), ctx.pathParam("request"));
        } catch (org.fedra.node.rights.UnknownConsentRequestException e) {
            audit.append(AuditAction.PORTAL_ACCESS_REFUSED, principal(s), "answered a consent request that is not theirs or does not exist");
            ctx.status(HttpStatus.NOT_FOUND).html(Html.page("Not found", header(s), "<h1>Not found</h1><p>There is no such request for you here.</p>"));
            return;
        } catch (org.fedra.node.rights.ConsentRequestDecidedException e) {
            renderRecord(ctx, s, null, "This request was already answered.");
            return;
        }
        audit.append(accept ? AuditAction.PATIENT_CONSENT_GRANTED : AuditAction.PATIENT_CONSENT_DECLINED, principal(s), "consent request " + r.id()
                + " of study " + r.studyId() + " (" + r.purpose() + ", " + r.organisation() + ") answered through the portal");
        renderRecord(ctx, s, "Saved: you " + (accept ? "allow " : "refuse ") + r.organisation() + " to use your record for "
                + purposeWords(r.purpose().toString()).toLowerCase(Locale.ROOT) + ".", null);
    }

    private void export(Context ctx) {
        Optional<Sessions.Session> found = patientSession(ctx);
        if (found.isEmpty()) return;
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(data.rights().export(found.get().patientId()));
        audit.append(AuditAction.PATIENT_EXPORT, principal(found.get()), "the patient downloaded their data through the portal");
        ctx.header("Content-Disposition", "attachment; filename=\"my-hospital-record.json\"");
        ctx.contentType("application/fhir+json").result(bundle);
    }

    private void eraseConfirmation(Context ctx) {
        Optional<Sessions.Session> found = patientSession(ctx);
        if (found.isEmpty()) return;
        eraseForm(ctx, found.get(), null);
    }

    private void eraseForm(Context ctx, Sessions.Session s, String error) {
        ctx.status(error == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST).html(Html.page("Erase your record", header(s),
                "<h1>Erase your record from research</h1>"
                        + (error == null ? "" : "<p class=\"error\" role=\"alert\" id=\"confirm-error\">" + Html.text(error) + "</p>")
                        + "<p>The research platform of this hospital will delete everything it holds about you and the list of studies that used it. "
                        + "Results that were already published as counts or statistics cannot be taken back. You will be signed out.</p>"
                        + "<form method=\"post\" action=\"" + recordPath(s.person().patientIdentifier()) + "/erase\">" + csrfField(s)
                        + "<label class=\"checkbox\" for=\"confirm\"><input type=\"checkbox\" id=\"confirm\" name=\"confirm\" value=\"yes\""
                        + (error == null ? "" : " aria-describedby=\"confirm-error\" aria-invalid=\"true\"") + ">"
                        + "<span>I understand that this cannot be undone.</span></label>"
                        + "<button type=\"submit\" class=\"danger\">Erase my record</button></form>"
                        + "<p><a href=\"" + recordPath(s.person().patientIdentifier()) + "\">No, go back to my record</a></p>"));
    }

    private void erase(Context ctx) {
        Optional<Sessions.Session> found = patientSession(ctx);
        if (found.isEmpty() || !csrfOk(ctx, found.get())) return;
        Sessions.Session s = found.get();
        if (!"yes".equals(ctx.formParam("confirm"))) {
            eraseForm(ctx, s, "Confirm: tick the box to confirm that you want your record erased.");
            return;
        }
        ErasureReceipt r = data.rights().erase(s.patientId());
        audit.append(AuditAction.PATIENT_ERASURE, principal(s), "erasure " + r.erasureId() + " through the portal: " + r.resourcesRemoved()
                + " resources, " + r.objectsRemoved() + " objects removed; studies " + r.studies());
        sessions.closeAllOf(s.patientId());
        cookie(ctx, SESSION_COOKIE, "", 0, "/");
        StringBuilder m = new StringBuilder("<h1>Your record was erased</h1><p>Keep this receipt.</p><dl>")
                .append("<dt>Receipt number</dt><dd id=\"receipt\">").append(Html.text(r.erasureId())).append("</dd>")
                .append("<dt>Erased at</dt><dd>").append(Html.text(WHEN.format(r.erasedAt()))).append("</dd>")
                .append("<dt>Items removed</dt><dd id=\"removed\">").append(r.resourcesRemoved() + r.objectsRemoved()).append("</dd>")
                .append("<dt>Studies that had used your record</dt><dd>").append(r.studies().isEmpty() ? "none" : Html.text(String.join(", ", r.studies())))
                .append("</dd></dl><p>You have been signed out.</p>");
        ctx.html(Html.page("Record erased", "<p>Your hospital record</p>", m.toString()));
    }

    // ---- access control ----

    /**
     * The session of the patient whose record the path names. Not signed in: the sign-in page (401). Signed in but not a
     * patient: 403. A record that is not the patient's own (or not on this node): 404, audited, with nothing of it shown.
     */
    private Optional<Sessions.Session> patientSession(Context ctx) {
        Optional<Sessions.Session> s = session(ctx);
        if (s.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(Html.page("Sign in", "<p>Your hospital record</p>",
                    "<h1>Please sign in</h1><p>Your session has ended or you have not signed in yet.</p><p><a class=\"button\" href=\"/auth/login\">Sign in</a></p>"));
            return Optional.empty();
        }
        if (!s.get().person().is(SignedInPerson.Role.PATIENT)) {
            audit.append(AuditAction.PORTAL_ACCESS_REFUSED, principal(s.get()), "asked for a patient's page without the patient role: " + ctx.method() + " "
                    + ctx.matchedPath());
            ctx.status(HttpStatus.FORBIDDEN).html(Html.page("Not allowed", header(s.get()), "<h1>Not allowed</h1><p>Only patients can see these pages.</p>"));
            return Optional.empty();
        }
        String asked = ctx.pathParam("identifier");
        if (s.get().patientId() == null || !asked.equals(s.get().person().patientIdentifier())) {
            audit.append(AuditAction.PORTAL_ACCESS_REFUSED, principal(s.get()), s.get().patientId() == null
                    ? "signed in, but this node holds no record for the patient's identifier"
                    : "asked for a record that is not their own: " + ctx.method() + " " + ctx.matchedPath());
            ctx.status(HttpStatus.NOT_FOUND).html(Html.page("Not found", header(s.get()), "<h1>Not found</h1><p>There is no such record for you here.</p>"
                    + (s.get().patientId() == null ? "" : "<p><a href=\"" + recordPath(s.get().person().patientIdentifier()) + "\">Go to your record</a></p>")));
            return Optional.empty();
        }
        return s;
    }

    Optional<Sessions.Session> session(Context ctx) {
        return sessions.find(ctx.cookie(SESSION_COOKIE));
    }

    /** A state change needs the session's CSRF token, and an Origin (when sent) that is the portal's own. */
    boolean csrfOk(Context ctx, Sessions.Session s) {
        return csrfOk(ctx, s, ctx.formParam("csrf"));
    }

    /** As {@link #csrfOk(Context, Sessions.Session)} with the token the caller read (a multipart form's field). */
    boolean csrfOk(Context ctx, Sessions.Session s, String token) {
        String origin = ctx.header("Origin");
        if (!s.csrfMatches(token) || origin != null && !origin.equals(settings.origin())) {
            audit.append(AuditAction.PORTAL_ACCESS_REFUSED, principal(s), "a state change without this session's form token: " + ctx.method() + " " + ctx.matchedPath());
            ctx.status(HttpStatus.FORBIDDEN).html(Html.page("Refused", header(s), "<h1>Refused</h1>"
                    + "<p>This request did not come from a page of this site, so nothing was changed. Go back to <a href=\"/portal\">your record</a> and try again.</p>"));
            return false;
        }
        return true;
    }

    static String csrfField(Sessions.Session s) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.text(s.csrf()) + "\">";
    }

    String header(Sessions.Session s) {
        return "<p>Signed in as " + Html.text(s.person().name()) + "</p><form method=\"post\" action=\"/auth/logout\">" + csrfField(s)
                + "<button type=\"submit\" class=\"secondary\">Sign out</button></form>";
    }

    AuditLog audit() {
        return audit;
    }

    static Principal principal(Sessions.Session s) {
        SignedInPerson p = s.person();
        if (p.is(SignedInPerson.Role.PATIENT) && s.patientId() != null) return Principal.patient(s.patientId());
        if (p.is(SignedInPerson.Role.STEWARD)) return Principal.steward(p.subject());
        return Principal.anonymous("oidc:" + p.subject());
    }

    static String recordPath(String identifier) {
        return "/portal/records/" + URLEncoder.encode(identifier, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void cookie(Context ctx, String name, String value, int maxAgeSeconds, String path) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; Secure; HttpOnly; SameSite=Lax");
    }

    static String purposeWords(String purpose) {
        for (Map.Entry<String, Purpose> e : PURPOSES.entrySet()) {
            if (e.getValue().toString().equals(purpose) || e.getKey().equals(purpose)) {
                return switch (e.getKey()) {
                    case "HRESCH" -> "Health care research";
                    case "CLINTRCH" -> "Clinical trial research";
                    case "PUBHLTH" -> "Public health";
                    case "HMARKT" -> "Commercial use (marketing)";
                    default -> e.getKey();
                };
            }
        }
        return purpose;
    }

    private static String plural(String type, int n) {
        String words = switch (type) {
            case "Patient" -> "patient record (your name is not in it)";
            case "Condition" -> "diagnosis";
            case "Observation" -> "measurement or test result";
            case "Consent" -> "consent record";
            case "Encounter" -> "hospital visit";
            case "MedicationStatement", "MedicationRequest" -> "medication record";
            case "Procedure" -> "procedure";
            case "ImagingStudy" -> "imaging study";
            default -> type + " record";
        };
        if (n == 1) return words;
        return switch (type) {
            case "Patient" -> "patient records";
            case "Condition" -> "diagnoses";
            case "Observation" -> "measurements or test results";
            case "Encounter" -> "hospital visits";
            case "Procedure" -> "procedures";
            case "ImagingStudy" -> "imaging studies";
            default -> words.replace(" record", " records");
        };
    }
}
