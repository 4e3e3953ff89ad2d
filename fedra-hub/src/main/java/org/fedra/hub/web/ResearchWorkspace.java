package org.fedra.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fedra.hub.Catalog;
import org.fedra.hub.Hub;
import org.fedra.hub.HttpFailures;
import org.fedra.hub.NodeRecord;
import org.fedra.hub.analysis.feasibility.FeasibilityReport;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.JobRequest;
import org.fedra.hub.study.ContractState;
import org.fedra.hub.study.Release;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRegistry;
import org.fedra.hub.study.StudyRequest;
import org.fedra.hub.training.RegisteredModel;
import org.fedra.hub.training.TrainingJson;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.study.Purpose;
import org.fedra.web.Html;
import org.fedra.web.Sessions;
import org.fedra.web.SignedInPerson.Role;

/**
 * The researcher workspace ({@code /research}): the catalog, the studies with a form to propose one, and per study its
 * nodes' decisions, the feasibility query builder with each node's three-category answer, training with a live chart,
 * and every release; the model registry with lineage and curves. Every action goes through the same services, and
 * the same checks, as the hub's API routes the CLI calls ({@code POST /api/studies}, {@code /api/studies/{id}/feasibility},
 * {@code /api/studies/{id}/training} ...), with the signed-in researcher as the requester; the live chart reads the API
 * itself ({@code /api/jobs/{id}/events}, {@code /api/training/{id}}).
 */
final class ResearchWorkspace {
    static final Map<String, String> PURPOSES = Map.of("HRESCH", "Health care research", "CLINTRCH", "Clinical trial research", "PUBHLTH", "Public health");
    /** How long the page waits for a feasibility answer (the API's alias route waits as long as the job takes). */
    static final Duration FEASIBILITY_WAIT = Duration.ofMinutes(10);
    private final HubPages pages;
    private final Hub hub;

    ResearchWorkspace(HubPages pages, Hub hub) {
        this.pages = pages;
        this.hub = hub;
    }

    void register(Javalin app) {
        app.get("/research", ctx -> pages.require(ctx, Role.RESEARCHER).ifPresent(s -> home(ctx, s, HttpStatus.OK, null, null)));
        app.post("/research/studies", this::createStudy);
        app.get("/research/studies/{id}", ctx -> pages.require(ctx, Role.RESEARCHER).ifPresent(s -> study(ctx, s, HttpStatus.OK, null, null, null)));
        app.post("/research/studies/{id}/refresh", this::refresh);
        app.post("/research/studies/{id}/feasibility", this::feasibility);
        app.post("/research/studies/{id}/training", this::training);
        app.post("/research/studies/{id}/statistics", ctx -> pooled(ctx, "statistics"));
        app.post("/research/studies/{id}/regression", ctx -> pooled(ctx, "regression"));
        app.get("/research/jobs/{id}", this::job);
        app.get("/research/models", this::models);
        app.get("/research/models/{id}", this::model);
    }

    // ---- home: catalog, studies, proposing a study ----

    private void home(Context ctx, Sessions.Session s, HttpStatus status, String errorField, String error) {
        StringBuilder m = new StringBuilder("<h1>Research workspace</h1>");
        if (error != null && errorField == null) m.append("<p class=\"error\" role=\"alert\">").append(Html.text(error)).append("</p>");
        m.append("<section aria-labelledby=\"studies-h\"><h2 id=\"studies-h\">Studies</h2>");
        List<Study> studies = hub.studies().list();
        if (studies.isEmpty()) {
            m.append("<p>No study yet.</p>");
        } else {
            m.append("<table id=\"studies\"><thead><tr><th scope=\"col\">Study</th><th scope=\"col\">Title</th><th scope=\"col\">Organisation</th>"
                    + "<th scope=\"col\">Nodes accepted</th></tr></thead><tbody>");
            for (Study st : studies) {
                long accepted = st.contracts().stream().filter(ContractState::accepted).count();
                m.append("<tr><td data-label=\"Study\"><a href=\"").append(studyPath(st.id())).append("\">").append(Html.text(st.id())).append("</a></td>")
                        .append("<td data-label=\"Title\">").append(Html.text(st.title())).append("</td><td data-label=\"Organisation\">")
                        .append(Html.text(st.organisation())).append("</td><td data-label=\"Nodes accepted\">").append(accepted).append(" of ")
                        .append(st.contracts().size()).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        m.append("</section>");
        studyForm(ctx, s, m, errorField, error);
        catalog(m);
        ctx.status(status).html(HubPage.page("Research workspace", s, m.toString()));
    }

    private void studyForm(Context ctx, Sessions.Session s, StringBuilder m, String errorField, String error) {
        boolean again = ctx.method().name().equals("POST");
        String title = again ? Optional.ofNullable(ctx.formParam("title")).orElse("") : "";
        String org = again ? Optional.ofNullable(ctx.formParam("organisation")).orElse("") : "";
        Set<String> chosenNodes = again ? new LinkedHashSet<>(ctx.formParams("nodes")) : Set.of();
        Set<String> chosenAnalyses = again ? new LinkedHashSet<>(ctx.formParams("analyses")) : Set.of("feasibility");
        String purpose = again ? Optional.ofNullable(ctx.formParam("purpose")).orElse("HRESCH") : "HRESCH";
        m.append("<section aria-labelledby=\"new-h\"><h2 id=\"new-h\">Propose a study</h2><form method=\"post\" action=\"/research/studies\">")
                .append(HubPage.csrfField(s));
        String e = "title".equals(errorField) ? error : null;
        m.append("<label for=\"title\">Title</label>").append(HubPage.fieldError("title", e)).append("<input type=\"text\" id=\"title\" name=\"title\" value=\"")
                .append(Html.text(title)).append("\"").append(HubPage.invalid("title", e)).append(">");
        e = "purpose".equals(errorField) ? error : null;
        m.append("<label for=\"purpose\">Purpose</label>").append(HubPage.fieldError("purpose", e)).append("<select id=\"purpose\" name=\"purpose\"")
                .append(HubPage.invalid("purpose", e)).append(">");
        for (String p : new TreeSet<>(PURPOSES.keySet())) {
            m.append("<option value=\"").append(p).append("\"").append(p.equals(purpose) ? " selected" : "").append(">").append(Html.text(PURPOSES.get(p)))
                    .append(" (").append(p).append(")</option>");
        }
        m.append("</select>");
        e = "organisation".equals(errorField) ? error : null;
        m.append("<label for=\"organisation\">Requesting organisation (letters, digits, '-' or '.')</label>").append(HubPage.fieldError("organisation", e))
                .append("<input type=\"text\" id=\"organisation\" name=\"organisation\" value=\"").append(Html.text(org)).append("\"")
                .append(HubPage.invalid("organisation", e)).append(">");
        e = "nodes".equals(errorField) ? error : null;
        m.append("<fieldset id=\"nodes\"").append(HubPage.invalid("nodes", e)).append("><legend>Nodes to ask</legend>").append(HubPage.fieldError("nodes", e));
        for (NodeRecord n : hub.nodes().list()) {
            if (n.revoked()) continue;
            m.append("<label class=\"checkbox\"><input type=\"checkbox\" name=\"nodes\" value=\"").append(Html.text(n.id())).append("\"")
                    .append(chosenNodes.contains(n.id()) ? " checked" : "").append("> ").append(Html.text(n.id())).append(" (").append(Html.text(n.organisation()))
                    .append(")</label>");
        }
        m.append("</fieldset>");
        e = "analyses".equals(errorField) ? error : null;
        m.append("<fieldset id=\"analyses\"").append(HubPage.invalid("analyses", e)).append("><legend>Analyses</legend>").append(HubPage.fieldError("analyses", e));
        for (String a : new TreeSet<>(StudyRegistry.ANALYSES)) {
            m.append("<label class=\"checkbox\"><input type=\"checkbox\" name=\"analyses\" value=\"").append(Html.text(a)).append("\"")
                    .append(chosenAnalyses.contains(a) ? " checked" : "").append("> ").append(Html.text(a)).append("</label>");
        }
        m.append("</fieldset><label class=\"checkbox\"><input type=\"checkbox\" name=\"allowPartial\" value=\"true\"> Results may come from the remaining nodes "
                + "when one drops out</label><div><button type=\"submit\">Propose the study</button></div></form></section>");
    }

    private void catalog(StringBuilder m) {
        m.append("<section aria-labelledby=\"catalog-h\"><h2 id=\"catalog-h\">Catalog</h2><p>What each node holds, as counts its disclosure control released.</p>");
        List<Catalog.NodeInventory> inv = hub.catalog().list();
        if (inv.isEmpty()) m.append("<p>No node has sent its inventory yet.</p>");
        for (Catalog.NodeInventory n : inv) {
            m.append("<table><caption>").append(Html.text(n.nodeId())).append(" (").append(Html.text(n.organisation())).append(")")
                    .append(n.suppressed() > 0 ? ", " + n.suppressed() + " small counts suppressed" : "").append("</caption><thead><tr><th scope=\"col\">Resource</th><th scope=\"col\">Code</th>"
                            + "<th scope=\"col\">Resources</th><th scope=\"col\">Patients</th></tr></thead><tbody>");
            int shown = 0;
            for (Catalog.Count c : n.counts()) {
                if (shown++ >= 25) break;
                m.append("<tr><td data-label=\"Resource\">").append(Html.text(c.resourceType())).append("</td><td data-label=\"Code\">")
                        .append(c.code() == null ? "" : Html.text(c.system() + "|" + c.code())).append("</td><td data-label=\"Resources\">").append(c.resources())
                        .append("</td><td data-label=\"Patients\">").append(c.patients()).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        m.append("</section>");
    }

    private void createStudy(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty()) return;
        String title = ctx.formParam("title");
        if (title == null || title.isBlank()) {
            home(ctx, s.get(), HttpStatus.BAD_REQUEST, "title", "title: is required");
            return;
        }
        Purpose purpose;
        try {
            purpose = Purpose.parse(Optional.ofNullable(ctx.formParam("purpose")).orElse(""));
        } catch (IllegalArgumentException e) {
            home(ctx, s.get(), HttpStatus.BAD_REQUEST, "purpose", "purpose: " + e.getMessage());
            return;
        }
        String org = Optional.ofNullable(ctx.formParam("organisation")).orElse("").trim();
        if (org.isEmpty()) {
            home(ctx, s.get(), HttpStatus.BAD_REQUEST, "organisation", "organisation: is required");
            return;
        }
        try {
            Study st = hub.studies().create(new StudyRequest(title, purpose, org, new ArrayList<>(new LinkedHashSet<>(ctx.formParams("nodes"))),
                    new LinkedHashSet<>(ctx.formParams("analyses")), "true".equals(ctx.formParam("allowPartial"))));
            ctx.redirect(studyPath(st.id()), HttpStatus.SEE_OTHER);
        } catch (Failure e) {
            String msg = e.getMessage();
            int colon = msg.indexOf(':');
            String field = colon > 0 ? msg.substring(0, colon) : null;
            if (field != null && !Set.of("title", "purpose", "organisation", "nodes", "analyses").contains(field)) field = null;
            home(ctx, s.get(), HttpStatus.forStatus(HttpFailures.status(e.reason())), field, msg);
        }
    }

    // ---- one study ----

    private Optional<Study> findStudy(Context ctx, Sessions.Session s) {
        Optional<Study> st = hub.studies().find(ctx.pathParam("id"));
        if (st.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(HubPage.page("Not found", s, "<h1>Not found</h1><p>There is no study " + Html.text(ctx.pathParam("id"))
                    + ".</p><p><a href=\"/research\">Back to the workspace</a></p>"));
        }
        return st;
    }

    private void refresh(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty() || findStudy(ctx, s.get()).isEmpty()) return;
        hub.studies().refresh(ctx.pathParam("id"));
        ctx.redirect(studyPath(ctx.pathParam("id")), HttpStatus.SEE_OTHER);
    }

    private void feasibility(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty() || findStudy(ctx, s.get()).isEmpty()) return;
        FeasibilityForm.Built built;
        try {
            built = FeasibilityForm.build(ctx::formParam, LocalDate.now(ZoneOffset.UTC));
        } catch (FeasibilityForm.FieldError e) {
            study(ctx, s.get(), HttpStatus.BAD_REQUEST, e.field(), e.getMessage(), null);
            return;
        } catch (RuntimeException e) { // the criteria language's own check, naming the JSON path
            study(ctx, s.get(), HttpStatus.BAD_REQUEST, "query", e.getMessage(), null);
            return;
        }
        try {
            JsonNode result = hub.jobs().run(JobRequest.of(ctx.pathParam("id"), "feasibility", built.spec(), HubSignIn.principal(s.get())), FEASIBILITY_WAIT);
            study(ctx, s.get(), HttpStatus.OK, null, null, feasibilityResult(built, result));
        } catch (Failure e) {
            study(ctx, s.get(), HttpStatus.forStatus(HttpFailures.status(e.reason())), "query", e.getMessage(), null);
        }
    }

    private static String feasibilityResult(FeasibilityForm.Built built, JsonNode r) {
        StringBuilder m = new StringBuilder("<section aria-labelledby=\"result-h\" id=\"feasibility-result\"><h2 id=\"result-h\">Feasibility answer</h2>")
                .append("<table id=\"feasibility\"><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Usable now</th><th scope=\"col\">Would need consent</th>"
                        + "<th scope=\"col\">Not assessable</th></tr></thead><tbody>");
        for (JsonNode n : r.path("nodes")) {
            m.append("<tr data-node=\"").append(Html.text(n.path("node").asText())).append("\"><td data-label=\"Node\">").append(Html.text(n.path("node").asText())).append("</td>");
            for (String c : FeasibilityReport.CATEGORIES) {
                m.append("<td data-label=\"").append(c).append("\" data-category=\"").append(c).append("\">")
                        .append(Html.text(n.path("categories").path(c).path("display").asText())).append("</td>");
            }
            m.append("</tr>");
        }
        m.append("<tr><th scope=\"row\">Total of released counts</th>");
        for (String c : FeasibilityReport.CATEGORIES) {
            m.append("<td data-label=\"").append(c).append("\">").append(r.path("totals").path(c).path("count").asLong()).append("</td>");
        }
        m.append("</tr></tbody></table>");
        for (JsonNode n : r.path("notAnswered")) {
            m.append("<p>").append(Html.text(n.path("node").asText())).append(": ").append(Html.text(n.path("status").asText())).append(" ")
                    .append(Html.text(n.path("reason").asText())).append("</p>");
        }
        m.append("<p>").append(Html.text(r.path("guarantee").path("statement").asText())).append("</p>")
                .append("<h3>The query, for the CLI (<code>fedra study feasibility --query FILE --reference-date ").append(built.referenceDate()).append("</code>)</h3>")
                .append("<pre id=\"query-json\">").append(Html.text(built.query().toPrettyString())).append("</pre></section>");
        return m.toString();
    }

    /** Statistics or a regression: the job runs and the page waits for its released result, as the API's alias route does. */
    private void pooled(Context ctx, String analysis) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty() || findStudy(ctx, s.get()).isEmpty()) return;
        ObjectNode spec;
        try {
            spec = analysis.equals("statistics") ? PooledAnalysisForm.statistics(ctx::formParam) : PooledAnalysisForm.regression(ctx::formParam);
        } catch (FeasibilityForm.FieldError e) {
            study(ctx, s.get(), HttpStatus.BAD_REQUEST, e.field(), e.getMessage(), null);
            return;
        }
        try {
            JsonNode result = hub.jobs().run(JobRequest.of(ctx.pathParam("id"), analysis, spec, HubSignIn.principal(s.get())), FEASIBILITY_WAIT);
            study(ctx, s.get(), HttpStatus.OK, null, null, PooledAnalysisForm.result(analysis.equals("statistics") ? "Statistics" : "Regression", result));
        } catch (Failure e) {
            study(ctx, s.get(), HttpStatus.forStatus(HttpFailures.status(e.reason())), analysis, e.getMessage(), null);
        }
    }

    private void training(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty() || findStudy(ctx, s.get()).isEmpty()) return;
        ObjectNode spec;
        try {
            spec = TrainingForm.build(ctx::formParam);
        } catch (FeasibilityForm.FieldError e) {
            study(ctx, s.get(), HttpStatus.BAD_REQUEST, e.field(), e.getMessage(), null);
            return;
        }
        try {
            Job job = hub.jobs().submit(JobRequest.of(ctx.pathParam("id"), "training", spec, HubSignIn.principal(s.get())));
            ctx.redirect("/research/jobs/" + URLEncoder.encode(job.id(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
        } catch (Failure e) {
            // the codec names the JSON path ($.config.rounds ...): the form's fields carry the same names
            study(ctx, s.get(), HttpStatus.forStatus(HttpFailures.status(e.reason())), TrainingForm.fieldOf(e.getMessage()), e.getMessage(), null);
        }
    }

    private void study(Context ctx, Sessions.Session s, HttpStatus status, String errorField, String error, String result) {
        Optional<Study> found = findStudy(ctx, s);
        if (found.isEmpty()) return;
        Study st = found.get();
        String base = studyPath(st.id());
        StringBuilder m = new StringBuilder("<h1>").append(Html.text(st.title())).append("</h1><dl><dt>Study</dt><dd>").append(Html.text(st.id()))
                .append("</dd><dt>Purpose</dt><dd>").append(Html.text(st.purpose())).append("</dd><dt>Organisation</dt><dd>").append(Html.text(st.organisation()))
                .append("</dd><dt>Analyses</dt><dd>").append(Html.text(String.join(", ", new TreeSet<>(st.analyses())))).append("</dd></dl>");
        m.append("<section aria-labelledby=\"contracts-h\"><h2 id=\"contracts-h\">The nodes' decisions</h2><table id=\"contracts\"><thead><tr><th scope=\"col\">Node</th>"
                + "<th scope=\"col\">Decision</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
        for (ContractState c : st.contracts()) {
            m.append("<tr data-node=\"").append(Html.text(c.nodeId())).append("\"><td data-label=\"Node\">").append(Html.text(c.nodeId()))
                    .append("</td><td data-label=\"Decision\" class=\"decision\">").append(Html.text(c.status())).append("</td><td data-label=\"Reason\">")
                    .append(Html.text(c.reason())).append("</td></tr>");
        }
        m.append("</tbody></table><form method=\"post\" action=\"").append(base).append("/refresh\">").append(HubPage.csrfField(s))
                .append("<button type=\"submit\" class=\"secondary\" id=\"refresh\">Ask undecided nodes again</button></form></section>");
        if (result != null) m.append(result);
        if (st.analyses().contains("feasibility")) feasibilityBuilder(ctx, s, m, base, errorField, error);
        PooledAnalysisForm.render(ctx, s, m, base, st.analyses().contains("statistics"), st.analyses().contains("regression"), errorField, error);
        if (st.analyses().contains("training")) TrainingForm.render(ctx, s, m, base, errorField, error);
        jobs(m, st.id());
        releases(m, st.id());
        ctx.status(status).html(HubPage.page(st.title(), s, m.toString()));
    }

    private void feasibilityBuilder(Context ctx, Sessions.Session s, StringBuilder m, String base, String errorField, String error) {
        boolean again = ctx.method().name().equals("POST") && ctx.path().endsWith("/feasibility");
        java.util.function.Function<String, String> v = f -> again ? Optional.ofNullable(ctx.formParam(f)).orElse("") : "";
        m.append("<section aria-labelledby=\"feas-h\"><h2 id=\"feas-h\">Feasibility query</h2><form method=\"post\" action=\"").append(base)
                .append("/feasibility\" id=\"feasibility-form\">").append(HubPage.csrfField(s));
        if ("query".equals(errorField)) m.append(HubPage.fieldError("query", error));
        String combine = v.apply("combine").isEmpty() ? "and" : v.apply("combine");
        m.append("<fieldset><legend>Patients who match</legend><label class=\"checkbox\"><input type=\"radio\" name=\"combine\" value=\"and\"")
                .append(combine.equals("and") ? " checked" : "").append("> all of the criteria</label><label class=\"checkbox\"><input type=\"radio\" name=\"combine\" value=\"or\"")
                .append(combine.equals("or") ? " checked" : "").append("> any of the criteria</label></fieldset>");
        for (int i = 0; i < FeasibilityForm.ROWS; i++) {
            String p = "c" + i + ".";
            m.append("<fieldset class=\"criterion\"><legend>Criterion ").append(i + 1).append("</legend>");
            select(m, p + "kind", "Kind", FeasibilityForm.KINDS, List.of("(none)", "has a condition", "has an observation in a range", "age", "sex"), v.apply(p + "kind"),
                    errorField, error);
            m.append("<label class=\"checkbox\"><input type=\"checkbox\" name=\"").append(p).append("not\" id=\"").append(p).append("not\" value=\"true\"")
                    .append(v.apply(p + "not").isEmpty() ? "" : " checked").append("> not (exclude patients who match)</label>");
            input(m, p + "system", "Code system (e.g. http://hl7.org/fhir/sid/icd-10, http://loinc.org)", v.apply(p + "system"), errorField, error);
            input(m, p + "code", "Code", v.apply(p + "code"), errorField, error);
            m.append("<label class=\"checkbox\"><input type=\"checkbox\" name=\"").append(p).append("prefix\" id=\"").append(p).append("prefix\" value=\"true\"")
                    .append(v.apply(p + "prefix").isEmpty() ? "" : " checked").append("> the code and every code below it (prefix)</label>");
            input(m, p + "min", "Minimum (value, or age in years)", v.apply(p + "min"), errorField, error);
            input(m, p + "max", "Maximum (value, or age in years)", v.apply(p + "max"), errorField, error);
            input(m, p + "unit", "Unit of the observation (e.g. mg/dL)", v.apply(p + "unit"), errorField, error);
            select(m, p + "sex", "Sex", List.of("", "female", "male", "other"), List.of("(any)", "female", "male", "other"), v.apply(p + "sex"), errorField, error);
            input(m, p + "from", "Recorded from (date, e.g. 2020-01-01)", v.apply(p + "from"), errorField, error);
            input(m, p + "to", "Recorded until (date)", v.apply(p + "to"), errorField, error);
            m.append("</fieldset>");
        }
        input(m, "referenceDate", "Reference date for ages (empty: today)", v.apply("referenceDate"), errorField, error);
        m.append("<div><button type=\"submit\" id=\"run-feasibility\">Count matching patients</button></div></form></section>");
    }

    static void input(StringBuilder m, String name, String label, String value, String errorField, String error) {
        String e = name.equals(errorField) ? error : null;
        String id = name.replace('.', '-');
        m.append("<label for=\"").append(id).append("\">").append(Html.text(label)).append("</label>").append(HubPage.fieldError(id, e))
                .append("<input type=\"text\" id=\"").append(id).append("\" name=\"").append(Html.text(name)).append("\" value=\"").append(Html.text(value)).append("\"")
                .append(HubPage.invalid(id, e)).append(">");
    }

    static void select(StringBuilder m, String name, String label, List<String> values, List<String> labels, String chosen, String errorField, String error) {
        String e = name.equals(errorField) ? error : null;
        String id = name.replace('.', '-');
        m.append("<label for=\"").append(id).append("\">").append(Html.text(label)).append("</label>").append(HubPage.fieldError(id, e))
                .append("<select id=\"").append(id).append("\" name=\"").append(Html.text(name)).append("\"").append(HubPage.invalid(id, e)).append(">");
        for (int i = 0; i < values.size(); i++) {
            m.append("<option value=\"").append(Html.text(values.get(i))).append("\"").append(values.get(i).equals(chosen) ? " selected" : "").append(">")
                    .append(Html.text(labels.get(i))).append("</option>");
        }
        m.append("</select>");
    }

    private void jobs(StringBuilder m, String studyId) {
        List<Job> jobs = hub.jobs().list(studyId);
        if (jobs.isEmpty()) return;
        m.append("<section aria-labelledby=\"jobs-h\"><h2 id=\"jobs-h\">Jobs</h2><ul>");
        for (Job j : jobs) {
            m.append("<li><a href=\"/research/jobs/").append(Html.text(URLEncoder.encode(j.id(), StandardCharsets.UTF_8))).append("\">").append(Html.text(j.id()))
                    .append("</a>: ").append(Html.text(j.analysis())).append(", ").append(Html.text(j.state().code())).append("</li>");
        }
        m.append("</ul></section>");
    }

    private void releases(StringBuilder m, String studyId) {
        m.append("<section aria-labelledby=\"rel-h\"><h2 id=\"rel-h\">Releases</h2><p>Everything released to this study, in order.</p>");
        List<Release> rs = hub.studies().releases(studyId);
        if (rs.isEmpty()) {
            m.append("<p>Nothing was released yet.</p>");
        } else {
            m.append("<table id=\"releases\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Analysis</th><th scope=\"col\">Released</th>"
                    + "<th scope=\"col\">Summary</th></tr></thead><tbody>");
            for (Release r : rs) {
                m.append("<tr><td data-label=\"#\">").append(r.sequence()).append("</td><td data-label=\"Analysis\">").append(Html.text(r.analysis()))
                        .append("</td><td data-label=\"Released\">").append(Html.text(OperatorConsole.WHEN.format(r.releasedAt()))).append("</td><td data-label=\"Summary\">")
                        .append(Html.text(r.summary())).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        m.append("</section>");
    }

    // ---- jobs and models ----

    private void job(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty()) return;
        Optional<Job> j = hub.jobs().find(ctx.pathParam("id"));
        if (j.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(HubPage.page("Not found", s.get(), "<h1>Not found</h1><p>There is no job " + Html.text(ctx.pathParam("id")) + ".</p>"));
            return;
        }
        Job job = j.get();
        StringBuilder m = new StringBuilder("<h1>Job ").append(Html.text(job.id())).append("</h1><p>").append(Html.text(job.analysis())).append(" for study <a href=\"")
                .append(studyPath(job.studyId())).append("\">").append(Html.text(job.studyId())).append("</a></p>")
                .append("<div id=\"training\" data-job=\"").append(Html.text(job.id())).append("\">")
                .append("<p>State: <strong id=\"job-state\">").append(Html.text(job.state().code())).append("</strong></p>")
                .append("<p role=\"status\" id=\"job-progress\">").append(Html.text(job.message() == null ? "" : job.message())).append("</p>")
                .append("<p>Rounds done: <strong id=\"rounds-done\">0</strong>; privacy spent (epsilon): <strong id=\"epsilon\">none</strong></p>")
                .append("<figure><div id=\"chart\" role=\"img\" aria-label=\"Held-out loss and AUC per round\"></div>")
                .append("<figcaption>Held-out loss and AUC after each round, live.</figcaption></figure>")
                .append("<table id=\"rounds\"><caption>Rounds</caption><thead><tr><th scope=\"col\">Round</th><th scope=\"col\">Loss</th><th scope=\"col\">AUC</th>"
                        + "<th scope=\"col\">Epsilon</th></tr></thead><tbody></tbody></table></div>");
        ctx.html(HubPage.page("Job " + job.id(), s.get(), m.toString(), charts()));
    }

    static String charts() {
        return "<link rel=\"stylesheet\" href=\"/static/uPlot.min.css\"><script src=\"/static/uPlot.iife.min.js\"></script><script src=\"/static/training.js\"></script>";
    }

    private void models(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty()) return;
        StringBuilder m = new StringBuilder("<h1>Model registry</h1>");
        List<RegisteredModel> models = hub.models().list();
        if (models.isEmpty()) {
            m.append("<p>No model was trained yet.</p>");
        } else {
            m.append("<table id=\"models\"><thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Name</th><th scope=\"col\">Study</th><th scope=\"col\">Rounds</th>"
                    + "<th scope=\"col\">AUC</th></tr></thead><tbody>");
            for (RegisteredModel rm : models) {
                ObjectNode sum = TrainingJson.summary(rm);
                m.append("<tr><td data-label=\"Model\"><a href=\"/research/models/").append(Html.text(URLEncoder.encode(rm.id(), StandardCharsets.UTF_8))).append("\">")
                        .append(Html.text(rm.id())).append("</a></td><td data-label=\"Name\">").append(Html.text(rm.name() + " v" + rm.version()))
                        .append("</td><td data-label=\"Study\">").append(Html.text(rm.studyId())).append("</td><td data-label=\"Rounds\">").append(rm.rounds().size())
                        .append("</td><td data-label=\"AUC\">").append(Html.text(sum.path("auc").asText(""))).append("</td></tr>");
            }
            m.append("</tbody></table>");
        }
        ctx.html(HubPage.page("Models", s.get(), m.toString()));
    }

    private void model(Context ctx) {
        Optional<Sessions.Session> s = pages.require(ctx, Role.RESEARCHER);
        if (s.isEmpty()) return;
        Optional<RegisteredModel> found = hub.models().find(ctx.pathParam("id"));
        if (found.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).html(HubPage.page("Not found", s.get(), "<h1>Not found</h1><p>There is no model " + Html.text(ctx.pathParam("id")) + ".</p>"));
            return;
        }
        RegisteredModel rm = found.get();
        ObjectNode d = TrainingJson.detail(rm);
        StringBuilder m = new StringBuilder("<h1>Model ").append(Html.text(rm.name() + " v" + rm.version())).append("</h1>")
                .append("<h2>Lineage</h2><dl><dt>Registry id</dt><dd>").append(Html.text(rm.id())).append("</dd><dt>Study</dt><dd><a href=\"").append(studyPath(rm.studyId()))
                .append("\">").append(Html.text(rm.studyId())).append("</a></dd><dt>Training job</dt><dd>").append(Html.text(rm.jobId()))
                .append("</dd><dt>Nodes</dt><dd>").append(Html.text(String.join(", ", rm.nodes()))).append("</dd><dt>Consent snapshot</dt><dd>")
                .append(Html.text(d.path("consentSnapshotAt").asText())).append("</dd><dt>Privacy (epsilon)</dt><dd>").append(Html.text(d.path("epsilon").asText("none")))
                .append("</dd><dt>Model</dt><dd><pre>").append(Html.text(d.path("model").toString())).append("</pre></dd><dt>Configuration</dt><dd><pre>")
                .append(Html.text(d.path("config").toString())).append("</pre></dd></dl>")
                .append("<h2>Curves</h2><div id=\"training\" data-model=\"").append(Html.text(rm.id())).append("\"><figure><div id=\"chart\" role=\"img\" ")
                .append("aria-label=\"Held-out loss and AUC per round\"></div><figcaption>Held-out loss and AUC after each round.</figcaption></figure>")
                .append("<table id=\"rounds\"><caption>Rounds</caption><thead><tr><th scope=\"col\">Round</th><th scope=\"col\">Loss</th><th scope=\"col\">AUC</th>"
                        + "<th scope=\"col\">Epsilon</th></tr></thead><tbody>");
        for (JsonNode r : d.path("metrics")) {
            m.append("<tr><td>").append(r.path("round").asInt()).append("</td><td>").append(Html.text(r.path("loss").asText(""))).append("</td><td>")
                    .append(Html.text(r.path("auc").asText(""))).append("</td><td>").append(Html.text(r.path("epsilon").asText(""))).append("</td></tr>");
        }
        m.append("</tbody></table></div>");
        ctx.html(HubPage.page("Model " + rm.id(), s.get(), m.toString(), charts()));
    }

    static String studyPath(String id) {
        return "/research/studies/" + Html.text(URLEncoder.encode(id, StandardCharsets.UTF_8));
    }

    static ObjectNode object() {
        return JsonCodec.object();
    }
}
