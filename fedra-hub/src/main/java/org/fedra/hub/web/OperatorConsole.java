package org.fedra.hub.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.fedra.hub.Enrolments;
import org.fedra.hub.Hub;
import org.fedra.hub.NodeRecord;
import org.fedra.privacy.audit.AuditVerification;
import org.fedra.protocol.audit.AuditCertificate;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.json.FreeText;
import org.fedra.protocol.pki.EnrolmentToken;
import org.fedra.web.Html;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/**
 * The operator console ({@code /operator}): the nodes with their status and when they were last seen, enrolling a
 * hospital (its enrolment token shown once, with a copy button), revoking a node with a reason, verifying the hub's
 * audit log, and the federation's certificates. Every name a node or a hospital chose is shown as text.
 */
final class OperatorConsole {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private final HubPages pages;
    private final Hub hub;

    OperatorConsole(HubPages pages, Hub hub) {
        this.pages = pages;
        this.hub = hub;
    }

    void register(Javalin app) {
        app.get("/operator", ctx -> pages.require(ctx, Role.OPERATOR).ifPresent(s -> render(ctx, s, HttpStatus.OK, null, null, null)));
        app.post("/operator/enrol", this::enrol);
        app.post("/operator/nodes/{id}/revoke", this::revoke);
        app.post("/operator/audit", this::verifyAudit);
    }

    private void enrol(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.OPERATOR);
        if (s.isEmpty()) return;
        String organisation = ctx.formParam("organisation");
        String minutesText = ctx.formParam("minutes");
        String org;
        long minutes;
        try {
            org = FreeText.require("organisation", organisation, Enrolments.MAX_ORGANISATION);
        } catch (IllegalArgumentException e) {
            render(ctx, s.get(), HttpStatus.BAD_REQUEST, null, Error.of("organisation", e.getMessage()), null);
            return;
        }
        try {
            minutes = Long.parseLong(minutesText == null ? "" : minutesText.trim());
            if (minutes < 1 || minutes > Enrolments.MAX_VALIDITY.toMinutes()) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            render(ctx, s.get(), HttpStatus.BAD_REQUEST, null, Error.of("minutes", "minutes must be a whole number from 1 to "
                    + Enrolments.MAX_VALIDITY.toMinutes() + ", was '" + (minutesText == null ? "" : minutesText) + "'"), null);
            return;
        }
        EnrolmentToken t = hub.issueToken(org, Duration.ofMinutes(minutes));
        StringBuilder m = new StringBuilder("<section aria-labelledby=\"token-h\" class=\"notice\"><h2 id=\"token-h\">Enrolment token for ")
                .append(Html.text(t.organisation())).append("</h2><p>Give it to the hospital's administrator over a trusted channel. It is shown only now, ")
                .append("works once, and expires ").append(Html.text(WHEN.format(t.expiresAt()))).append(".</p>")
                .append("<label for=\"token\">Token</label><textarea id=\"token\" readonly rows=\"4\">").append(Html.text(t.encode())).append("</textarea>")
                .append("<button type=\"button\" id=\"copy-token\" data-copy=\"token\">Copy the token</button>")
                .append("<p id=\"copy-status\" role=\"status\"></p></section>");
        render(ctx, s.get(), HttpStatus.CREATED, m.toString(), null, null);
    }

    private void revoke(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.OPERATOR);
        if (s.isEmpty()) return;
        String id = ctx.pathParam("id");
        if (hub.nodes().find(id).isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(HubPage.page("Not found", s.get(), "<h1>Not found</h1><p>No node " + Html.text(id)
                    + " is enrolled.</p><p><a href=\"/operator\">Back to the console</a></p>"));
            return;
        }
        String reason;
        try {
            reason = FreeText.require("reason", ctx.formParam("reason"), 500);
        } catch (IllegalArgumentException e) {
            render(ctx, s.get(), HttpStatus.BAD_REQUEST, null, Error.of("reason-" + id, e.getMessage()), null);
            return;
        }
        boolean changed = hub.revoke(id, reason + " (by " + s.get().person().name() + ")");
        render(ctx, s.get(), HttpStatus.OK, "<p class=\"notice\" role=\"status\">" + (changed ? "Node " + Html.text(id) + " is revoked: it can no longer connect."
                : "Node " + Html.text(id) + " was already revoked.") + "</p>", null, null);
    }

    private void verifyAudit(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.OPERATOR);
        if (s.isEmpty()) return;
        AuditVerification v = AuditLog.verify(hub.dataDirectory());
        String result;
        if (v.tampered()) {
            result = "<p class=\"error\" role=\"status\" id=\"audit-result\">TAMPERED at entry " + v.firstBroken() + ": " + Html.text(v.reason()) + "</p>";
        } else {
            Optional<String> uncertified = AuditCertificate.problem(hub.dataDirectory(), hub.caCertificate());
            result = uncertified.map(p -> "<p class=\"error\" role=\"status\" id=\"audit-result\">NOT CERTIFIED: " + Html.text(p) + "</p>")
                    .orElse("<p class=\"notice\" role=\"status\" id=\"audit-result\">OK: " + v.entries() + " entries, the hash chain is intact and signed by the hub's "
                            + "certified audit key" + (v.crashResidue() ? "; crash residue, not tampering: " + Html.text(v.reason()) : "") + ".</p>");
        }
        render(ctx, s.get(), HttpStatus.OK, null, null, result);
    }

    private record Error(String field, String message) {
        static Error of(String field, String message) {
            return new Error(field, message);
        }

        String on(String f) {
            return field.equals(f) ? message : null;
        }
    }

    private void render(Context ctx, Sessions.Session s, HttpStatus status, String notice, Error error, String auditResult) {
        Instant now = Instant.now();
        StringBuilder m = new StringBuilder("<h1>Operator console</h1>");
        if (notice != null) m.append(notice);
        m.append("<section aria-labelledby=\"nodes-h\"><h2 id=\"nodes-h\">Nodes</h2>");
        var nodes = hub.nodes().list();
        if (nodes.isEmpty()) {
            m.append("<p>No hospital is enrolled yet.</p>");
        } else {
            m.append("<table id=\"nodes\"><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Organisation</th><th scope=\"col\">Status</th>"
                    + "<th scope=\"col\">Last seen</th><th scope=\"col\">Version</th><th scope=\"col\">Revoke</th></tr></thead><tbody>");
            for (NodeRecord n : nodes) {
                String fid = "reason-" + n.id();
                m.append("<tr data-node=\"").append(Html.text(n.id())).append("\"><td data-label=\"Node\">").append(Html.text(n.id()))
                        .append("</td><td data-label=\"Organisation\">").append(Html.text(n.organisation()))
                        .append("</td><td data-label=\"Status\">").append(Html.text(n.status()))
                        .append(n.revoked() ? " (" + Html.text(n.revocationReason()) + ")" : "")
                        .append("</td><td data-label=\"Last seen\">").append(n.lastSeen() == null ? "never" : Html.text(WHEN.format(n.lastSeen())))
                        .append("</td><td data-label=\"Version\">").append(Html.text(n.softwareVersion())).append("</td><td data-label=\"Revoke\">");
                if (!n.revoked()) {
                    String err = error == null ? null : error.on(fid);
                    m.append("<form method=\"post\" action=\"/operator/nodes/").append(Html.text(URLEncoder.encode(n.id(), StandardCharsets.UTF_8)))
                            .append("/revoke\">").append(HubPage.csrfField(s)).append(HubPage.fieldError(fid, err))
                            .append("<label for=\"").append(Html.text(fid)).append("\">Reason for revoking ").append(Html.text(n.id())).append("</label>")
                            .append("<input type=\"text\" id=\"").append(Html.text(fid)).append("\" name=\"reason\" required").append(HubPage.invalid(fid, err)).append(">")
                            .append("<button type=\"submit\" class=\"danger\">Revoke ").append(Html.text(n.id())).append("</button></form>");
                }
                m.append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        m.append("</section>");

        String orgErr = error == null ? null : error.on("organisation");
        String minErr = error == null ? null : error.on("minutes");
        m.append("<section aria-labelledby=\"enrol-h\"><h2 id=\"enrol-h\">Enrol a hospital</h2><form method=\"post\" action=\"/operator/enrol\">")
                .append(HubPage.csrfField(s))
                .append("<label for=\"organisation\">Organisation (the hospital's name)</label>").append(HubPage.fieldError("organisation", orgErr))
                .append("<input type=\"text\" id=\"organisation\" name=\"organisation\" maxlength=\"").append(Enrolments.MAX_ORGANISATION).append("\"")
                .append(HubPage.invalid("organisation", orgErr)).append(">")
                .append("<label for=\"minutes\">Token valid for (minutes)</label>").append(HubPage.fieldError("minutes", minErr))
                .append("<input type=\"text\" inputmode=\"numeric\" id=\"minutes\" name=\"minutes\" value=\"60\"").append(HubPage.invalid("minutes", minErr)).append(">")
                .append("<div><button type=\"submit\">Issue an enrolment token</button></div></form></section>");

        m.append("<section aria-labelledby=\"audit-h\"><h2 id=\"audit-h\">Audit log</h2><p>Checks the hub's audit log: every entry's hash chain, ")
                .append("the signed head, and that the signing key is certified by the federation CA.</p>");
        if (auditResult != null) m.append(auditResult);
        m.append("<form method=\"post\" action=\"/operator/audit\">").append(HubPage.csrfField(s))
                .append("<button type=\"submit\">Verify the audit log</button></form></section>");

        m.append("<section aria-labelledby=\"certs-h\"><h2 id=\"certs-h\">Certificates</h2><table><thead><tr><th scope=\"col\">Certificate</th>"
                + "<th scope=\"col\">Subject</th><th scope=\"col\">Valid until</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>");
        certificateRow(m, "Federation CA", hub.caCertificate(), now);
        certificateRow(m, "Hub", hub.hubCertificate(), now);
        m.append("</tbody></table><p>Node certificates are issued at enrolment and end with revocation; their fingerprints:</p><ul>");
        for (NodeRecord n : nodes) {
            m.append("<li>").append(Html.text(n.id())).append(": ").append(Html.text(n.certificateFingerprint()))
                    .append(n.revoked() ? " (revoked)" : "").append("</li>");
        }
        m.append("</ul></section>");
        ctx.status(status).html(HubPage.page("Operator console", s, m.toString(), "<script src=\"/static/copy.js\"></script>"));
    }

    private static void certificateRow(StringBuilder m, String what, X509Certificate c, Instant now) {
        long days = Duration.between(now, c.getNotAfter().toInstant()).toDays();
        m.append("<tr><td data-label=\"Certificate\">").append(Html.text(what)).append("</td><td data-label=\"Subject\">")
                .append(Html.text(c.getSubjectX500Principal().getName())).append("</td><td data-label=\"Valid until\">")
                .append(Html.text(WHEN.format(c.getNotAfter().toInstant()))).append(days < 30 ? " <strong>(" + days + " days left)</strong>" : " (" + days + " days left)")
                .append("</td><td data-label=\"SHA-256\">").append(Html.text(fingerprint(c))).append("</td></tr>");
    }

    private static String fingerprint(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
