package org.fedra.node.feasibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.node.api.NodeApi;
import org.fedra.node.api.StewardToken;
import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.rights.ConsentRequest;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyGate;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.study.Purpose;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's feasibility task on 300 synthetic patients (imported, so they have hospital identifiers), with a study
 * gate that accepts studies S1..S3 for clinical-trial research by "trial-org" (opt-in on this node) and nothing else.
 */
class FeasibilityTaskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate REF = LocalDate.of(2026, 1, 1);
    private static final String ADULTS = "{\"age\": {\"min\": 18}}";
    private static final DisclosureSettings DISCLOSURE = new DisclosureSettings(10, 5);

    @TempDir
    Path dir;
    TestNode node;
    NodeServices services;
    TaskHandler task;
    NodeApi api;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        node = new TestNode(Files.createDirectories(dir.resolve("objects")), DISCLOSURE);
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(
                new SyntheticCohort(SiteProfile.cityUniversity(), 11, REF.minusDays(1)).nextBundle(300));
        assertThat(node.data.fhirImporter().importBundle(new StringReader(bundle), "city").problems()).isEmpty();
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node("node-test"));
        StudyGate gate = (study, analysis) -> {
            if (!Set.of("S1", "S2", "S3").contains(study)) {
                throw new StudyNotAuthorisedException("node-test has no accepted contract for study " + study);
            }
            return new AuthorisedStudy(study, Purpose.CLINICAL_TRIAL_RESEARCH, "trial-org", Set.of(Analyses.FEASIBILITY));
        };
        services = new NodeServices("node-test", "City University", dir, node.data.store().dataSource(), node.data, audit, node.clock,
                gate, DISCLOSURE);
        task = TaskPipeline.of(services).handler(FeasibilityAnalysis.TASK);
        api = NodeApi.start(node.data, dir, audit, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void releasedCountsFollowTheDisclosureRuleAndMatchingPatientsAreAskedOnce() throws Exception {
        String taskId = "t-" + UUID.randomUUID();
        CohortResult exact = new CohortEvaluator(node.data).evaluate(CohortQuery.parse(ADULTS, REF),
                new AuthorisedStudy("S1", Purpose.CLINICAL_TRIAL_RESEARCH, "trial-org", Set.of()).context("probe", node.clock.instant()));
        JsonNode out = run("S1", ADULTS, taskId);

        assertThat(out.get("minimumCellSize").asInt()).isEqualTo(10);
        assertThat(out.get("roundingBase").asInt()).isEqualTo(5);
        assertThat(out.get("categories").size()).isEqualTo(3);
        assertReleased(out, "usable", exact.count(FeasibilityCategory.USABLE));
        assertReleased(out, "needsConsent", exact.count(FeasibilityCategory.NEEDS_CONSENT));
        assertReleased(out, "notAssessable", exact.count(FeasibilityCategory.NOT_ASSESSABLE));
        assertThat(exact.count(FeasibilityCategory.NEEDS_CONSENT)).isGreaterThan(20);

        // one pending request per patient who would need consent, and none for the others
        for (String p : exact.patients(FeasibilityCategory.NEEDS_CONSENT)) {
            assertThat(node.data.consentInbox().of(p)).singleElement().satisfies(r -> {
                assertThat(r.studyId()).isEqualTo("S1");
                assertThat(r.status()).isEqualTo(ConsentRequest.PENDING);
                assertThat(r.purpose()).isEqualTo(Purpose.CLINICAL_TRIAL_RESEARCH);
                assertThat(r.organisation()).isEqualTo("trial-org");
            });
        }
        for (String p : exact.patients(FeasibilityCategory.USABLE)) {
            assertThat(node.data.consentInbox().of(p)).isEmpty();
        }
        // asking again is idempotent per patient and study
        node.clock.advance(Duration.ofMinutes(1));
        run("S1", ADULTS, "t-" + UUID.randomUUID());
        for (String p : exact.patients(FeasibilityCategory.NEEDS_CONSENT)) {
            assertThat(node.data.consentInbox().of(p)).hasSize(1);
        }
        List<String> released = auditLines("\"feasibility.released\"");
        assertThat(released).hasSize(2);
        assertThat(released.get(0)).contains(taskId, "study S1", "min cell 10", "rounding 5")
                .contains("consent requests sent: " + exact.count(FeasibilityCategory.NEEDS_CONSENT));
        assertThat(released.get(1)).contains("consent requests sent: 0");
        for (String p : exact.patients(FeasibilityCategory.NEEDS_CONSENT)) {
            assertThat(String.join("\n", auditLines(""))).doesNotContain(p);
        }
    }

    @Test
    void acceptedRequestsMakePatientsUsableForTheNextQueryAndShowInTheirAccessLog() throws Exception {
        String first = "t-" + UUID.randomUUID();
        JsonNode before = run("S1", ADULTS, first);
        CohortResult r1 = evaluate("S1", ADULTS);
        List<String> asked = new ArrayList<>(r1.patients(FeasibilityCategory.NEEDS_CONSENT)).subList(0, 10);

        for (String p : asked) {
            String path = "/api/patients/" + URLEncoder.encode(identifier(p), StandardCharsets.UTF_8) + "/consent-requests";
            JsonNode inbox = JSON.readTree(call("GET", path).body());
            assertThat(inbox).hasSize(1);
            assertThat(inbox.get(0).get("status").asText()).isEqualTo("pending");
            assertThat(inbox.get(0).get("purpose").asText()).isEqualTo(Purpose.CLINICAL_TRIAL_RESEARCH.toString());
            String id = inbox.get(0).get("id").asText();
            HttpResponse<String> accepted = call("POST", path + "/" + id + "/accept");
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(accepted.body()).get("status").asText()).isEqualTo("accepted");
            HttpResponse<String> again = call("POST", path + "/" + id + "/decline");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(again.body()).get("error").asText()).contains(id, "already accepted");
            assertThat(call("POST", path + "/no-such-request/accept").statusCode()).isEqualTo(404);
        }
        assertThat(auditLines("\"patient.consent-granted\"")).hasSize(10);

        node.clock.advance(Duration.ofMinutes(5));
        String second = "t-" + UUID.randomUUID();
        JsonNode after = run("S1", ADULTS, second);
        CohortResult r2 = evaluate("S1", ADULTS);
        assertThat(r2.patients(FeasibilityCategory.USABLE)).containsAll(asked);
        assertThat(r2.count(FeasibilityCategory.USABLE)).isEqualTo(r1.count(FeasibilityCategory.USABLE) + 10);
        assertThat(r2.count(FeasibilityCategory.NEEDS_CONSENT)).isEqualTo(r1.count(FeasibilityCategory.NEEDS_CONSENT) - 10);
        // ten moved: the difference is not below the minimum cell, so both figures are released
        assertReleased(after, "usable", r2.count(FeasibilityCategory.USABLE));
        assertReleased(after, "needsConsent", r2.count(FeasibilityCategory.NEEDS_CONSENT));
        assertThat(before.at("/categories/usable/count").asLong()).isNotEqualTo(after.at("/categories/usable/count").asLong());
        for (String p : asked) {
            // the evaluator probes of this test read data too; of the feasibility tasks only the second one saw these patients
            assertThat(node.data.rights().accessLog(p)).extracting(e -> e.taskId()).filteredOn(t -> t.startsWith("t-")).containsExactly(second);
        }
    }

    @Test
    void aDeclinedRequestRecordsADenialSoThePatientIsNotAskedAgain() throws Exception {
        run("S1", ADULTS, "t-1");
        String p = evaluate("S1", ADULTS).patients(FeasibilityCategory.NEEDS_CONSENT).iterator().next();
        String path = "/api/patients/" + URLEncoder.encode(identifier(p), StandardCharsets.UTF_8) + "/consent-requests";
        String id = JSON.readTree(call("GET", path).body()).get(0).get("id").asText();
        assertThat(call("POST", path + "/" + id + "/decline").statusCode()).isEqualTo(200);
        assertThat(call("POST", path + "/" + id + "/accept").statusCode()).isEqualTo(409);
        node.clock.advance(Duration.ofMinutes(1));
        CohortResult r = evaluate("S1", ADULTS);
        assertThat(r.patients(FeasibilityCategory.REFUSED)).contains(p);
        assertThat(r.patients(FeasibilityCategory.NEEDS_CONSENT)).doesNotContain(p);
        // another study with the same purpose and organisation does not ask the patient again either
        run("S2", ADULTS, "t-2");
        assertThat(node.data.consentInbox().of(p)).extracting(ConsentRequest::studyId).containsExactly("S1");
        assertThat(call("GET", "/api/patients/" + URLEncoder.encode("urn:x|nobody", StandardCharsets.UTF_8) + "/consent-requests").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aPairOfQueriesThatDiffersByAFewPatientsIsRefusedForDifferencing() throws Exception {
        // find an upper age bound that leaves out between 1 and 9 of the usable adults
        Set<String> all = new HashSet<>(evaluate("S3", ADULTS).patients(FeasibilityCategory.USABLE));
        String narrower = null;
        int left = 0;
        for (int max = 100; max > 18 && narrower == null; max--) {
            String q = "{\"age\": {\"min\": 18, \"max\": " + max + "}}";
            left = all.size() - evaluate("S3", q).count(FeasibilityCategory.USABLE);
            if (left > 0 && left < 10) narrower = q;
        }
        assertThat(narrower).as("the synthetic data has a few very old patients").isNotNull();
        assertThat(all.size()).isGreaterThanOrEqualTo(10);

        JsonNode a = run("S3", ADULTS, "t-a");
        assertReleased(a, "usable", all.size());
        JsonNode b = run("S3", narrower, "t-b");
        assertThat(b.at("/categories/usable/status").asText()).isEqualTo("refused");
        assertThat(b.at("/categories/usable/reason").asText()).startsWith("differencing: withheld by the node's query audit").doesNotContain(Integer.toString(left) + " records");
        assertThat(b.at("/categories/usable/count").isMissingNode()).isTrue();
        // the same pair in another study of the same organisation stays refused: the audit is per organisation (issue 18, finding 2)
        assertThat(run("S2", narrower, "t-c").at("/categories/usable/status").asText()).isEqualTo("refused");
        // repeating the first query releases the same figure again (nothing new is learnt)
        assertReleased(run("S3", ADULTS, "t-d"), "usable", all.size());
        assertThat(auditLines("\"feasibility.released\"").get(1)).contains("usable refused (differencing)");

        // the audit survives a restart of the task (it is kept in the node database)
        assertThat(TaskPipeline.of(services).handler(FeasibilityAnalysis.TASK).handle(input("S3", narrower, "t-e"))).asString(StandardCharsets.UTF_8)
                .contains("\"usable\":{\"status\":\"refused\"");
    }

    @Test
    void erasureRemovesThePatientsRequestsAndTheirPlaceInReleasedCountsAndTheAuditStillWorks() throws Exception {
        run("S1", ADULTS, "t-1");
        CohortResult r = evaluate("S1", ADULTS);
        String asked = r.patients(FeasibilityCategory.NEEDS_CONSENT).iterator().next();
        String counted = r.patients(FeasibilityCategory.USABLE).iterator().next();
        assertThat(rows("SELECT COUNT(*) FROM release_ledger_member WHERE patient_id = ?", counted)).isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM consent_requests WHERE patient_id = ?", asked)).isEqualTo(1);

        node.data.rights().erase(asked);
        node.data.rights().erase(counted);
        assertThat(rows("SELECT COUNT(*) FROM consent_requests WHERE patient_id = ?", asked)).isZero();
        assertThat(rows("SELECT COUNT(*) FROM release_ledger_member WHERE patient_id = ?", counted)).isZero();
        // the same query afterwards differs from the stored sets only by patients who no longer exist: still released
        node.clock.advance(Duration.ofMinutes(1));
        assertReleased(run("S1", ADULTS, "t-2"), "usable", evaluate("S1", ADULTS).count(FeasibilityCategory.USABLE));
    }

    @Test
    void everyQueryOfTheOrganisationIsChargedAndASpentBudgetRefusesTypedAndTheStewardSeesIt() throws Exception {
        Files.writeString(dir.resolve("node-policy.json"), "{\"queryBudget\": 3}");
        run("S1", ADULTS, "t-1");
        // nobody matches: "<10", and it is charged like any other answer
        JsonNode none = run("S2", "{\"age\": {\"min\": 120}}", "t-2");
        assertThat(none.at("/categories/usable/display").asText()).isEqualTo("<10");
        run("S3", ADULTS, "t-3");
        assertThatThrownBy(() -> run("S1", ADULTS, "t-4")).isInstanceOf(org.fedra.protocol.failure.Failure.class)
                .satisfies(e -> assertThat(((org.fedra.protocol.failure.Failure) e).reason()).isEqualTo(org.fedra.protocol.failure.FailureReason.DISCLOSURE))
                .hasMessageContaining("query budget of organisation trial-org on this node is spent (3 of 3 releases)");
        assertThat(auditLines("\"feasibility.released\"")).hasSize(3);

        HttpResponse<String> r = call("GET", "/api/budgets");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode budget = JSON.readTree(r.body());
        assertThat(budget).hasSize(1);
        assertThat(budget.get(0).get("organisation").asText()).isEqualTo("trial-org");
        assertThat(budget.get(0).get("used").asInt()).isEqualTo(3);
        assertThat(budget.get(0).get("limit").asInt()).isEqualTo(3);
        assertThat(budget.get(0).get("remaining").asInt()).isZero();
        assertThat(budget.get(0).get("releases").asInt()).isEqualTo(9); // three categories each
        assertThat(budget.get(0).at("/outcomes/suppressed").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode other = JSON.readTree(call("GET", "/api/budgets/other-org").body());
        assertThat(other.get("used").asInt()).isZero();
        assertThat(other.get("remaining").asInt()).isEqualTo(3);
        // the steward raises the budget: the next query runs
        Files.writeString(dir.resolve("node-policy.json"), "{\"queryBudget\": 4}");
        assertThat(run("S1", ADULTS, "t-5").at("/categories/usable/status").asText()).isEqualTo("released");
    }

    private long rows(String sql, String patient) throws Exception {
        try (var c = node.data.store().dataSource().getConnection(); var st = c.prepareStatement(sql)) {
            st.setString(1, patient);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aStudyWithoutAcceptedContractIsDeclinedWithoutReadingData() throws Exception {
        JsonNode out = run("S9", ADULTS, "t-x");
        assertThat(out.get("declined").asText()).isEqualTo("node-test has no accepted contract for study S9");
        assertThat(out.has("categories")).isFalse();
        assertThat(auditLines("\"feasibility.declined\"")).singleElement().asString().contains("study S9");
        assertThat(auditLines("\"feasibility.released\"")).isEmpty();
        for (org.fedra.node.fhir.StoredResource p : node.data.store().ofType("Patient")) {
            assertThat(node.data.rights().accessLog(p.patientId())).isEmpty();
        }
    }

    @Test
    void aBadPayloadFailsTheTaskNamingWhatIsWrong() {
        assertThatThrownBy(() -> task.handle(new TaskInput("t", "j", "feasibility", "{\"query\": {}}".getBytes(StandardCharsets.UTF_8), Instant.MAX)))
                .hasMessageContaining("'study'");
        assertThatThrownBy(() -> task.handle(input("S1", "{\"age\": {\"min\": 80, \"max\": 40}}", "t")))
                .hasMessageContaining("$.age").hasMessageContaining("impossible range");
        assertThatThrownBy(() -> task.handle(new TaskInput("t", "j", "feasibility",
                ("{\"study\": \"S1\", \"query\": " + ADULTS + ", \"referenceDate\": \"soon\"}").getBytes(StandardCharsets.UTF_8), Instant.MAX)))
                .hasMessageContaining("referenceDate");
    }

    private void assertReleased(JsonNode out, String category, long exact) {
        JsonNode c = out.get("categories").get(category);
        if (exact < DISCLOSURE.minimumPatients()) {
            // none and a few look the same (issue 18, finding 1)
            assertThat(c.get("status").asText()).as(category).isEqualTo("suppressed");
            assertThat(c.get("display").asText()).as(category).isEqualTo("<10");
            assertThat(c.has("count")).isFalse();
        } else {
            assertThat(c.get("status").asText()).as(category).isEqualTo("released");
            assertThat(c.get("count").asLong()).as(category).isEqualTo(Math.round(exact / 5.0) * 5);
        }
    }

    private CohortResult evaluate(String study, String query) {
        return new CohortEvaluator(node.data).evaluate(CohortQuery.parse(query, REF),
                new AuthorisedStudy(study, Purpose.CLINICAL_TRIAL_RESEARCH, "trial-org", Set.of()).context("probe-" + UUID.randomUUID(), node.clock.instant()));
    }

    private JsonNode run(String study, String query, String taskId) throws Exception {
        return JSON.readTree(task.handle(input(study, query, taskId)));
    }

    private static TaskInput input(String study, String query, String taskId) {
        String payload = "{\"study\": \"" + study + "\", \"query\": " + query + ", \"referenceDate\": \"" + REF + "\"}";
        return new TaskInput(taskId, "job", FeasibilityAnalysis.TASK, payload.getBytes(StandardCharsets.UTF_8), Instant.now().plusSeconds(60));
    }

    private String identifier(String patientId) {
        Bundle b = node.data.rights().export(patientId);
        Patient p = (Patient) b.getEntry().stream().filter(e -> e.getResource() instanceof Patient).findFirst().orElseThrow().getResource();
        return p.getIdentifierFirstRep().getSystem() + "|" + p.getIdentifierFirstRep().getValue();
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + StewardToken.loadOrCreate(dir)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> auditLines(String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
