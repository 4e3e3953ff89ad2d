package org.fedra.node.web;

import org.fedra.web.Sessions;
import org.fedra.web.Html;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fedra.node.consent.AccessLogEntry;
import org.fedra.node.consent.AccessLogSearch;
import org.fedra.node.rights.PatientRightsService;
import org.fedra.protocol.audit.AuditAction;

/**
 * The access log search on the steward's console: which study read which patient's data and when, by the patient's
 * hospital identifier, the study, and a date window (UTC days, both ends included). A bad field is named and nothing
 * is searched. A search for one patient is audited (the steward looked at that patient's uses).
 */
final class AccessLogPage {
    static final int LIMIT = 500;
    private final StewardGate gate;
    private final AccessLogSearch search;
    private final PatientRightsService rights;

    AccessLogPage(StewardGate gate, AccessLogSearch search, PatientRightsService rights) {
        this.gate = gate;
        this.search = search;
        this.rights = rights;
    }

    void show(Context ctx) {
        Optional<Sessions.Session> found = gate.steward(ctx);
        if (found.isEmpty()) return;
        Sessions.Session s = found.get();
        String patient = blankToNull(ctx.queryParam("patient"));
        String study = blankToNull(ctx.queryParam("study"));
        String from = blankToNull(ctx.queryParam("from"));
        String to = blankToNull(ctx.queryParam("to"));
        List<String[]> errors = new ArrayList<>();
        String patientId = null;
        if (patient != null) {
            if (patient.indexOf('|') <= 0 || patient.endsWith("|")) {
                errors.add(new String[]{"patient", "Patient identifier: write it as SYSTEM|VALUE, e.g. urn:oid:1.2.3|12345."});
            } else {
                patientId = rights.findPatient(patient).orElse(null);
                if (patientId == null) errors.add(new String[]{"patient", "Patient identifier: no patient with identifier " + patient + " on this node."});
            }
        }
        Instant fromInstant = day(from, "from", "From", errors, 0);
        Instant untilInstant = day(to, "to", "To", errors, 1);
        if (fromInstant != null && untilInstant != null && !fromInstant.isBefore(untilInstant)) {
            errors.add(new String[]{"to", "To: the last day must not be before the first."});
        }
        boolean asked = patient != null || study != null || from != null || to != null;
        StringBuilder m = new StringBuilder("<h1>Access log</h1><p>Which study read which patient's data, and when. Fill in any of the fields.</p>");
        m.append("<form method=\"get\" action=\"/steward/access-log\">");
        field(m, "patient", "Patient identifier (SYSTEM|VALUE)", "text", patient, errors);
        field(m, "study", "Study", "text", study, errors);
        field(m, "from", "From (day)", "date", from, errors);
        field(m, "to", "To (day)", "date", to, errors);
        m.append("<div><button type=\"submit\">Search</button></div></form>");
        if (!errors.isEmpty() || !asked) {
            gate.render(ctx, errors.isEmpty() ? HttpStatus.OK : HttpStatus.BAD_REQUEST, s, "Access log", "/steward/access-log", m.toString());
            return;
        }
        List<AccessLogEntry> rows = search.find(new AccessLogSearch.Query(patientId, study, fromInstant, untilInstant), LIMIT);
        if (patientId != null) {
            gate.audit(AuditAction.STEWARD_ACCESS_LOG_SEARCHED, s, "searched the access log of one patient: " + rows.size() + " entries"
                    + (study == null ? "" : ", study " + study));
        }
        m.append("<h2 id=\"found\">").append(rows.size() == LIMIT ? "The newest " + LIMIT + " entries" : rows.size() + (rows.size() == 1 ? " entry" : " entries"))
                .append("</h2>");
        if (!rows.isEmpty()) {
            m.append("<table aria-labelledby=\"found\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Study</th><th scope=\"col\">Purpose</th>"
                    + "<th scope=\"col\">Organisation</th><th scope=\"col\">Patient (pseudonym)</th><th scope=\"col\">Task</th></tr></thead><tbody>");
            for (AccessLogEntry e : rows) {
                m.append("<tr><td data-label=\"When\">").append(Html.text(StewardGate.WHEN.format(e.accessedAt()))).append("</td><td data-label=\"Study\">")
                        .append(Html.text(e.studyId())).append("</td><td data-label=\"Purpose\">").append(Html.text(PatientPortal.purposeWords(e.purpose())))
                        .append("</td><td data-label=\"Organisation\">").append(Html.text(e.organisation())).append("</td><td data-label=\"Patient (pseudonym)\">")
                        .append(Html.text(e.patientId())).append("</td><td data-label=\"Task\">").append(Html.text(e.taskId())).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        gate.render(ctx, HttpStatus.OK, s, "Access log", "/steward/access-log", m.toString());
    }

    private static Instant day(String value, String field, String label, List<String[]> errors, int plusDays) {
        if (value == null) return null;
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            errors.add(new String[]{field, label + ": write a day as YYYY-MM-DD, not '" + value + "'."});
            return null;
        }
    }

    private static void field(StringBuilder m, String name, String label, String type, String value, List<String[]> errors) {
        String error = errors.stream().filter(e -> e[0].equals(name)).map(e -> e[1]).findFirst().orElse(null);
        m.append("<label for=\"").append(name).append("\">").append(Html.text(label)).append("</label>");
        if (error != null) m.append(StewardGate.error(name + "-error", error));
        m.append("<input type=\"").append(type.equals("date") ? "text" : type).append("\" id=\"").append(name).append("\" name=\"").append(name)
                .append("\" value=\"").append(Html.text(value)).append("\"")
                .append(type.equals("date") ? " placeholder=\"YYYY-MM-DD\" inputmode=\"numeric\"" : "")
                .append(error != null ? " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"" : "").append(">");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
