package org.fedra.node.web;

import org.fedra.web.Html;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.fedra.node.study.Contract;
import org.fedra.node.study.ContractAlreadyDecidedException;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.UnknownContractException;
import org.fedra.protocol.audit.AuditAction;
import org.fedra.protocol.audit.AuditLog;

/**
 * The data steward's console, first page: the studies awaiting the steward's approval (title, purpose, organisation,
 * analyses, when proposed), each approved or rejected with a reason the researcher reads; and the decisions taken.
 * Only for people signed in with the steward role; every decision is a POST with the session's CSRF token, decided
 * through the node's {@link ContractBook} (as {@code fedra node approvals} does) and audited with the steward's name.
 */
final class StewardConsole {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private final PatientPortal portal;
    private final ContractBook contracts;
    private final StewardGate gate;

    private StewardConsole(PatientPortal portal, ContractBook contracts) {
        this.portal = portal;
        this.contracts = contracts;
        this.gate = new StewardGate(portal);
    }

    static void register(Javalin app, PatientPortal portal, ContractBook contracts, AuditLog audit) {
        StewardConsole c = new StewardConsole(portal, contracts);
        app.get("/steward", ctx -> c.studies(ctx, null, null, null));
        app.post("/steward/studies/{study}/approve", c::approve);
        app.post("/steward/studies/{study}/reject", c::reject);
    }

    /** The steward's session, or the answer already sent: 401 signed out, 403 not a steward (audited). */
    private Optional<Sessions.Session> steward(Context ctx) {
        return gate.steward(ctx);
    }

    private void studies(Context ctx, String notice, String errorStudy, String error) {
        Optional<Sessions.Session> found = steward(ctx);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        StringBuilder m = new StringBuilder(StewardGate.nav("/steward")).append("<h1>Studies awaiting your approval</h1>");
        if (notice != null) m.append("<p class=\"notice\" role=\"status\">").append(Html.text(notice)).append("</p>");
        List<Contract> awaiting = contracts.list(true);
        if (awaiting.isEmpty()) m.append("<p>No study is waiting for a decision.</p>");
        for (Contract c : awaiting) {
            String id = "study-" + c.studyId();
            boolean hasError = c.studyId().equals(errorStudy);
            m.append("<section aria-labelledby=\"").append(Html.text(id)).append("\"><h2 id=\"").append(Html.text(id)).append("\">")
                    .append(Html.text(c.title() == null || c.title().isBlank() ? c.studyId() : c.title())).append("</h2><dl>")
                    .append("<dt>Study</dt><dd>").append(Html.text(c.studyId())).append("</dd>")
                    .append("<dt>Purpose</dt><dd>").append(Html.text(PatientPortal.purposeWords(c.purpose().toString()))).append("</dd>")
                    .append("<dt>Requested by</dt><dd>").append(Html.text(c.organisation())).append("</dd>")
                    .append("<dt>Analyses</dt><dd>").append(Html.text(String.join(", ", new TreeSet<>(c.analyses())))).append("</dd>")
                    .append("<dt>Proposed</dt><dd>").append(Html.text(WHEN.format(c.proposedAt()))).append("</dd></dl>");
            String base = "/steward/studies/" + Html.text(java.net.URLEncoder.encode(c.studyId(), java.nio.charset.StandardCharsets.UTF_8));
            m.append("<form method=\"post\" action=\"").append(base).append("/approve\">").append(PatientPortal.csrfField(s))
                    .append("<button type=\"submit\">Approve ").append(Html.text(c.studyId())).append("</button></form>");
            String reasonId = "reason-" + c.studyId();
            m.append("<form method=\"post\" action=\"").append(base).append("/reject\">").append(PatientPortal.csrfField(s));
            if (hasError) m.append("<p class=\"error\" role=\"alert\" id=\"").append(Html.text(reasonId)).append("-error\">").append(Html.text(error)).append("</p>");
            m.append("<label for=\"").append(Html.text(reasonId)).append("\">Reason for rejecting (the researcher reads it)</label>")
                    .append("<input type=\"text\" id=\"").append(Html.text(reasonId)).append("\" name=\"reason\"")
                    .append(hasError ? " aria-invalid=\"true\" aria-describedby=\"" + Html.text(reasonId) + "-error\"" : "").append(">")
                    .append("<div><button type=\"submit\" class=\"secondary\">Reject ").append(Html.text(c.studyId())).append("</button></div></form></section>");
        }
        List<Contract> decided = contracts.list(false).stream().filter(c -> !c.status().equals("awaiting-approval")).toList();
        m.append("<h2 id=\"decided\">Decisions taken</h2>");
        if (decided.isEmpty()) {
            m.append("<p>None yet.</p>");
        } else {
            m.append("<table aria-labelledby=\"decided\"><thead><tr><th scope=\"col\">Study</th><th scope=\"col\">Organisation</th>"
                    + "<th scope=\"col\">Decision</th><th scope=\"col\">Why</th></tr></thead><tbody>");
            for (Contract c : decided) {
                m.append("<tr><td data-label=\"Study\">").append(Html.text(c.studyId())).append("</td><td data-label=\"Organisation\">")
                        .append(Html.text(c.organisation())).append("</td><td data-label=\"Decision\">").append(Html.text(c.status()))
                        .append("</td><td data-label=\"Why\">").append(Html.text(c.reason())).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        ctx.status(error == null ? HttpStatus.OK : HttpStatus.BAD_REQUEST).html(Html.page("Studies", portal.header(s), m.toString()));
    }

    private void approve(Context ctx) {
        decide(ctx, true);
    }

    private void reject(Context ctx) {
        decide(ctx, false);
    }

    private void decide(Context ctx, boolean approve) {
        Optional<Sessions.Session> found = steward(ctx);
        if (found.isEmpty() || !portal.csrfOk(ctx, found.get())) return;
        Sessions.Session s = found.get();
        String study = ctx.pathParam("study");
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").trim();
        if (!approve && reason.isEmpty()) {
            studies(ctx, null, study, "Reason: write why the study is rejected; the researcher is told.");
            return;
        }
        try {
            // the ContractBook writes the decision to the audit log; the steward is named by their sign-in
            Contract c = approve ? contracts.approve(study, s.person().name() + " (" + s.person().subject() + ")") : contracts.reject(study, reason);
            studies(ctx, (approve ? "Approved " : "Rejected ") + c.studyId() + ".", null, null);
        } catch (UnknownContractException | ContractAlreadyDecidedException e) {
            ctx.status(e instanceof UnknownContractException ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT)
                    .html(Html.page("Not possible", portal.header(s), "<h1>Not possible</h1><p class=\"error\">" + Html.text(e.getMessage())
                            + "</p><p><a href=\"/steward\">Back to the studies</a></p>"));
        }
    }
}
