package org.fedra.node.web;

import org.fedra.web.OidcProvider;
import org.fedra.web.KeycloakServer;
import org.fedra.web.PortalBrowser;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.fedra.node.NodeServices;
import org.fedra.node.TaskHandler;
import org.fedra.node.TaskInput;
import org.fedra.node.api.NodeApi;
import org.fedra.node.cohort.CohortEvaluator;
import org.fedra.node.cohort.CohortResult;
import org.fedra.node.cohort.FeasibilityCategory;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.pipeline.TaskPipeline;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.AuthorisedStudy;
import org.fedra.node.study.StudyGate;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.analysis.builtin.FeasibilityAnalysis;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.query.CohortQuery;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The patient portal in a real headless Chromium, signing in at a real Keycloak, on a real node (data layer, consent
 * engine, feasibility pipeline, audit log, steward API server) holding 120 synthetic patients plus Alice and Bob, whose
 * hospital numbers ({@code urn:fedra:test:mrn|alice}, {@code |bob}) are their Keycloak user names. Two studies ask for
 * health care research: S-A by organisation {@code org-a}, S-B by {@code org-b}.
 */
@ExtendWith(KeycloakServer.Shared.class)
class PatientPortalBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate REF = LocalDate.of(2026, 1, 1);
    private static final String ADULTS = "{\"age\": {\"min\": 18}}";
    private static final String ALICE = OidcSignInTest.MRN + "|alice";
    private static final String BOB = OidcSignInTest.MRN + "|bob";
    private static final DisclosureSettings DISCLOSURE = new DisclosureSettings(10, 1);
    private static final Map<String, String> ORGANISATIONS = Map.of("S-A", "org-a", "S-B", "org-b", "S-C", "org-c");
    /** S-A and S-B: health care research (opt-out on this node); S-C: clinical trial research (opt-in: patients are asked). */
    private static Purpose purpose(String study) {
        return study.equals("S-C") ? Purpose.CLINICAL_TRIAL_RESEARCH : Purpose.HEALTHCARE_RESEARCH;
    }

    static PortalBrowser browser;

    @TempDir
    Path dir;
    TestNode node;
    AuditLog audit;
    TaskHandler feasibility;
    NodeApi api;
    String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void openBrowser() throws Exception {
        browser = new PortalBrowser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
    }

    @BeforeEach
    void startNode() throws Exception {
        node = new TestNode(Files.createDirectories(dir.resolve("objects")), DISCLOSURE);
        String cohort = FhirCodec.context().newJsonParser().encodeResourceToString(
                new SyntheticCohort(SiteProfile.cityUniversity(), 5, REF.minusDays(1)).nextBundle(120));
        assertThat(node.data.fhirImporter().importBundle(new StringReader(cohort), "city").problems()).isEmpty();
        assertThat(node.data.fhirImporter().importBundle(new StringReader(people()), "portal-test").problems()).isEmpty();
        audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node("node-test"));
        StudyGate gate = (study, analysis) -> {
            if (!ORGANISATIONS.containsKey(study)) throw new StudyNotAuthorisedException("no contract for " + study);
            return new AuthorisedStudy(study, purpose(study), ORGANISATIONS.get(study), Set.of(Analyses.FEASIBILITY));
        };
        feasibility = TaskPipeline.of(new NodeServices("node-test", "City University", dir, node.data.store().dataSource(), node.data, audit,
                node.clock, gate, DISCLOSURE)).handler(FeasibilityAnalysis.TASK);
        int port = KeycloakServer.freePort();
        base = "http://localhost:" + port;
        OidcProvider provider = OidcProvider.discover(OidcSignInTest.settings(KeycloakServer.get().issuer(), port), Clock.systemUTC());
        api = NodeApi.start(node.data, dir, audit, "127.0.0.1", port, null, null, provider);
        // a fresh browser state: no session of the node, no single sign-on at Keycloak (same host, so the same cookie jar)
        browser.clearCookies();
    }

    @AfterEach
    void stopNode() {
        api.stop();
    }

    /** Alice (born 1961) and Bob (born 1958), each with a diagnosis and a measurement. */
    private static String people() {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        String[][] people = {{"alice", "female", "1961-04-02"}, {"bob", "male", "1958-11-20"}};
        for (int i = 0; i < people.length; i++) {
            String id = people[i][0];
            if (i > 0) b.append(',');
            b.append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"").append(id).append("\",\"identifier\":[{\"system\":\"")
                    .append(OidcSignInTest.MRN).append("\",\"value\":\"").append(id).append("\"}],\"gender\":\"").append(people[i][1])
                    .append("\",\"birthDate\":\"").append(people[i][2]).append("\"}},")
                    .append("{\"resource\":{\"resourceType\":\"Condition\",\"id\":\"").append(id).append("-c1\",\"subject\":{\"reference\":\"Patient/")
                    .append(id).append("\"},\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\",\"display\":\"Diabetes mellitus type 2\"}]},")
                    .append("\"onsetDateTime\":\"2019-05-01\"}},")
                    .append("{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"").append(id).append("-o1\",\"status\":\"final\",\"subject\":{\"reference\":\"Patient/")
                    .append(id).append("\"},\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"4548-4\",\"display\":\"HbA1c\"}]},")
                    .append("\"effectiveDateTime\":\"2025-06-01\",\"valueQuantity\":{\"value\":7.1,\"unit\":\"%\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"%\"}}}");
        }
        return b.append("]}").toString();
    }

    private void signIn(String user) {
        browser.open(base + "/portal");
        browser.driver.findElement(By.linkText("Sign in")).click();
        browser.signInAtProvider(user, user + "-password");
        browser.waitForPath("/portal");
    }

    @Test
    void aPatientRefusesResearchForOneOrganisationAndItsNextCountHasExactlyOnePatientLess() throws Exception {
        // rounding base 1 and at least 10 patients: the released count is the exact one
        long usableBefore = released(run("S-B", "t-b1"));
        String alice = node.data.rights().findPatient(ALICE).orElseThrow();
        // she was among them: the task read her record
        assertThat(node.data.rights().accessLog(alice)).extracting(e -> e.taskId()).containsExactly("t-b1");

        browser.open(base + "/portal");
        assertThat(browser.text()).contains("See and control how your hospital record is used");
        browser.assertAccessible();
        browser.screenshot("patient-sign-in");
        browser.driver.findElement(By.linkText("Sign in")).click();
        browser.signInAtProvider("alice", "alice-password");
        browser.waitForPath("/portal/records/");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + PatientPortal.recordPath(ALICE));
        String page = browser.text();
        assertThat(page).contains("What the hospital holds about you", "1 patient record (your name is not in it)", "1 diagnosis",
                "1 measurement or test result");
        // the first use: org-b's count read her record
        assertThat(browser.driver.findElements(By.cssSelector("table tbody tr"))).hasSize(1);
        assertThat(browser.driver.findElement(By.cssSelector("table tbody tr")).getText()).contains("S-B", "Health care research", "org-b", "1 Jan 2026, 00:00 UTC");
        assertThat(page).contains("You have made no choice yet");
        browser.assertAccessible();
        browser.screenshot("patient-record");

        browser.driver.findElement(By.id("organisation")).sendKeys("org-a");
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("purpose"))).selectByValue("HRESCH");
        browser.clickAndWait(By.cssSelector("button[value=deny]"));
        assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText())
                .isEqualTo("Saved: you refuse health care research by org-a. This applies to every study that starts from now on.");
        assertThat(browser.text()).contains("Refused: Health care research by org-a (since 1 Jan 2026, 00:00 UTC)");
        browser.assertAccessible();
        browser.screenshot("patient-refused-org-a");
        assertThat(auditLines("\"patient.withdrawal\"")).singleElement().asString().contains("patient:" + alice, "organisation org-a");

        node.clock.advance(Duration.ofMinutes(1));
        // org-a asks for the first time: exactly Alice fewer than org-b had, and she is counted as refused
        CohortResult a = exact("S-A");
        assertThat(a.count(FeasibilityCategory.USABLE)).isEqualTo(usableBefore - 1);
        CohortResult b = exact("S-B");
        assertThat(b.count(FeasibilityCategory.USABLE)).isEqualTo(usableBefore);
        assertThat(b.patients(FeasibilityCategory.REFUSED)).doesNotContain(alice);
        java.util.Set<String> refusedByA = new java.util.HashSet<>(b.patients(FeasibilityCategory.REFUSED));
        refusedByA.add(alice);
        assertThat(a.patients(FeasibilityCategory.REFUSED)).containsExactlyInAnyOrderElementsOf(refusedByA);
        JsonNode orgA = run("S-A", "t-a1");
        assertThat(released(orgA)).isEqualTo(usableBefore - 1);
        // org-b's next count is unchanged: her choice was for org-a only
        JsonNode orgB = run("S-B", "t-b2");
        assertThat(released(orgB)).isEqualTo(usableBefore);
        assertThat(exact("S-B").patients(FeasibilityCategory.USABLE)).contains(alice);
        // and her page lists org-b's second use but no use by org-a
        browser.driver.navigate().refresh();
        assertThat(browser.driver.findElements(By.cssSelector("table tbody tr"))).extracting(e -> e.getText().contains("org-a")).containsOnly(false);
        assertThat(node.data.rights().accessLog(alice)).extracting(e -> e.taskId()).filteredOn(t -> t.startsWith("t-")).containsExactly("t-b1", "t-b2");
    }

    @Test
    void anotherPatientsRecordByEditingTheUrlIs404DisclosesNothingAndIsAudited() throws Exception {
        signIn("alice");
        String cookie = browser.cookie(PatientPortal.SESSION_COOKIE);
        assertThat(cookie).isNotNull();
        String alice = node.data.rights().findPatient(ALICE).orElseThrow();
        String bob = node.data.rights().findPatient(BOB).orElseThrow();

        HttpResponse<String> other = get(PatientPortal.recordPath(BOB), cookie);
        HttpResponse<String> nobody = get(PatientPortal.recordPath(OidcSignInTest.MRN + "|nobody"), cookie);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(nobody.statusCode()).isEqualTo(404);
        // the same answer whether the other record exists or not, and nothing of it
        assertThat(other.body()).isEqualTo(nobody.body()).doesNotContain("bob", "Bob", bob, "1958");
        assertThat(get(PatientPortal.recordPath(BOB) + "/export", cookie).statusCode()).isEqualTo(404);
        assertThat(get(PatientPortal.recordPath(BOB) + "/erase", cookie).statusCode()).isEqualTo(404);

        browser.open(base + PatientPortal.recordPath(BOB));
        assertThat(browser.text()).startsWith("Not found").doesNotContain("bob");
        browser.assertAccessible();
        browser.screenshot("patient-other-record-404");

        List<String> refused = auditLines("\"portal.access-refused\"");
        assertThat(refused).hasSize(5);
        assertThat(refused).allSatisfy(l -> assertThat(l).contains("patient:" + alice, "asked for a record that is not their own").doesNotContain(bob, "|bob"));
        // Bob's record is untouched
        assertThat(node.data.rights().accessLog(bob)).isEmpty();
    }

    @Test
    void aStateChangeWithoutTheFormTokenOrFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        signIn("alice");
        String cookie = browser.cookie(PatientPortal.SESSION_COOKIE);
        String alice = node.data.rights().findPatient(ALICE).orElseThrow();
        String token = browser.driver.findElement(By.name("csrf")).getAttribute("value");
        String path = PatientPortal.recordPath(ALICE) + "/choices";
        String form = "organisation=org-a&purpose=HRESCH&decision=deny";

        assertThat(post(path, cookie, form, null).statusCode()).isEqualTo(403);
        assertThat(post(path, cookie, form + "&csrf=" + "x".repeat(43), null).statusCode()).isEqualTo(403);
        assertThat(post(path, cookie, form + "&csrf=" + token, "http://evil.localhost:1").statusCode()).isEqualTo(403);
        assertThat(post(PatientPortal.recordPath(ALICE) + "/erase", cookie, "confirm=yes", null).statusCode()).isEqualTo(403);
        assertThat(post("/auth/logout", cookie, "", null).statusCode()).isEqualTo(403);
        assertThat(consents(alice)).isZero();
        assertThat(node.data.rights().findPatient(ALICE)).contains(alice);
        assertThat(auditLines("\"portal.access-refused\"")).hasSize(5).allSatisfy(l -> assertThat(l).contains("without this session's form token"));

        // the same request with the token from the page is accepted: the refusals above were for the token alone
        HttpResponse<String> ok = post(path, cookie, form + "&csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8), base);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(consents(alice)).isEqualTo(1);
    }

    @Test
    void scriptTypedIntoAFieldIsShownAsTextAndTheErrorNamesTheField() throws Exception {
        signIn("alice");
        String script = "<script>alert('x')</script><img src=x onerror=alert(2)>";
        browser.driver.findElement(By.id("organisation")).sendKeys(script);
        browser.clickAndWait(By.cssSelector("button[value=allow]"));
        assertThat(browser.driver.findElement(By.id("choice-error")).getText())
                .isEqualTo("Organisation: '" + script + "' is not an organisation's id (1 to 64 letters, digits, dots and dashes).");
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
        assertThat(browser.driver.getPageSource()).contains("&lt;script&gt;alert('x')&lt;/script&gt;");
        browser.assertAccessible();
        browser.screenshot("patient-form-error");
        assertThat(consents(node.data.rights().findPatient(ALICE).orElseThrow())).isZero();
    }

    @Test
    void aPatientDownloadsTheirDataThenErasesItWithConfirmationAndGetsAReceipt() throws Exception {
        signIn("alice");
        String cookie = browser.cookie(PatientPortal.SESSION_COOKIE);
        String alice = node.data.rights().findPatient(ALICE).orElseThrow();
        HttpResponse<String> export = get(PatientPortal.recordPath(ALICE) + "/export", cookie);
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+json");
        assertThat(export.headers().firstValue("Content-Disposition").orElseThrow()).isEqualTo("attachment; filename=\"my-hospital-record.json\"");
        JsonNode bundle = JSON.readTree(export.body());
        assertThat(bundle.get("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.get("entry")).hasSize(3);
        assertThat(bundle.findValues("identifier").toString()).contains("\"value\":\"alice\"").doesNotContain("\"value\":\"bob\"");

        browser.clickAndWait(By.linkText("Erase my record from research"));
        assertThat(browser.text()).contains("I understand that this cannot be undone.", "Results that were already published");
        browser.assertAccessible();
        browser.screenshot("patient-erase-confirm");
        browser.clickAndWait(By.cssSelector("button.danger"));
        assertThat(browser.driver.findElement(By.id("confirm-error")).getText()).isEqualTo("Confirm: tick the box to confirm that you want your record erased.");
        assertThat(node.data.rights().findPatient(ALICE)).contains(alice);
        browser.driver.findElement(By.id("confirm")).click();
        browser.clickAndWait(By.cssSelector("button.danger"));
        assertThat(browser.text()).startsWith("Your record was erased");
        String receipt = browser.driver.findElement(By.id("receipt")).getText();
        assertThat(receipt).matches("[0-9a-f-]{36}");
        assertThat(browser.driver.findElement(By.id("removed")).getText()).isEqualTo("3");
        browser.assertAccessible();
        browser.screenshot("patient-erasure-receipt");

        assertThat(node.data.rights().findPatient(ALICE)).isEmpty();
        assertThat(node.data.store().exists("Patient", alice)).isFalse();
        assertThat(auditLines("\"patient.erasure\"")).singleElement().asString().contains("erasure " + receipt, "patient:" + alice, "3 resources");
        // the session ended with the record
        assertThat(get(PatientPortal.recordPath(ALICE), cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSessionAndAStewardIsNotAPatient() throws Exception {
        signIn("alice");
        String cookie = browser.cookie(PatientPortal.SESSION_COOKIE);
        browser.clickAndWait(By.xpath("//button[text()='Sign out']"));
        assertThat(browser.text()).startsWith("You are signed out");
        browser.assertAccessible();
        assertThat(get(PatientPortal.recordPath(ALICE), cookie).statusCode()).isEqualTo(401);
        assertThat(auditLines("\"portal.signed-out\"")).hasSize(1);

        browser.clearCookies();
        signIn("sam");
        assertThat(browser.text()).contains("Signed in as Sam Steward", "You are a data steward of this hospital");
        browser.assertAccessible();
        browser.screenshot("steward-signed-in");
        assertThat(get(PatientPortal.recordPath(ALICE), browser.cookie(PatientPortal.SESSION_COOKIE)).statusCode()).isEqualTo(403);
        assertThat(auditLines("\"portal.signed-in\"")).hasSize(2);
        assertThat(auditLines("\"portal.access-refused\"")).singleElement().asString().contains("steward:", "without the patient role");
    }

    @Test
    void aPatientAllowsAnOrganisationFromTheirInboxAndIsUsableForItsNextCount() throws Exception {
        run("S-C", "t-c1");
        String alice = node.data.rights().findPatient(ALICE).orElseThrow();
        String bob = node.data.rights().findPatient(BOB).orElseThrow();
        assertThat(exact("S-C").patients(FeasibilityCategory.NEEDS_CONSENT)).contains(alice, bob);
        String bobsRequest = node.data.consentInbox().of(bob).get(0).id();

        signIn("alice");
        assertThat(browser.driver.findElement(By.cssSelector("section.request")).getText())
                .startsWith("org-c asks to use your record for clinical trial research\nStudy S-C, asked on 1 Jan 2026, 00:00 UTC.");
        browser.assertAccessible();
        browser.screenshot("patient-consent-request");

        // Alice cannot answer Bob's request, even with her own valid form token
        String token = URLEncoder.encode(browser.driver.findElement(By.name("csrf")).getAttribute("value"), StandardCharsets.UTF_8);
        HttpResponse<String> other = post(PatientPortal.recordPath(ALICE) + "/requests/" + bobsRequest + "/accept",
                browser.cookie(PatientPortal.SESSION_COOKIE), "csrf=" + token, null);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("org-c", "S-C", bob);
        assertThat(node.data.consentInbox().of(bob)).singleElement().satisfies(r -> assertThat(r.pending()).isTrue());

        browser.clickAndWait(By.xpath("//button[text()='Yes, allow org-c']"));
        assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText())
                .isEqualTo("Saved: you allow org-c to use your record for clinical trial research.");
        assertThat(browser.text()).contains("No organisation is waiting for your answer.", "Allowed: Clinical trial research by org-c");
        browser.assertAccessible();
        assertThat(node.data.consentInbox().of(alice)).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo("accepted"));
        assertThat(auditLines("\"patient.consent-granted\"")).singleElement().asString().contains("patient:" + alice, "study S-C");

        node.clock.advance(Duration.ofMinutes(1));
        CohortResult after = exact("S-C");
        assertThat(after.patients(FeasibilityCategory.USABLE)).contains(alice).doesNotContain(bob);
        assertThat(after.patients(FeasibilityCategory.NEEDS_CONSENT)).contains(bob).doesNotContain(alice);
    }

    // ---- helpers ----

    private CohortResult exact(String study) {
        return new CohortEvaluator(node.data).evaluate(CohortQuery.parse(ADULTS, REF),
                new AuthorisedStudy(study, purpose(study), ORGANISATIONS.get(study), Set.of()).context("probe-" + UUID.randomUUID(), node.clock.instant()));
    }

    private JsonNode run(String study, String taskId) throws Exception {
        String payload = "{\"study\": \"" + study + "\", \"query\": " + ADULTS + ", \"referenceDate\": \"" + REF + "\"}";
        return JSON.readTree(feasibility.handle(new TaskInput(taskId, "job", FeasibilityAnalysis.TASK, payload.getBytes(StandardCharsets.UTF_8),
                Instant.now().plusSeconds(60))));
    }

    private static long released(JsonNode out) {
        JsonNode usable = out.at("/categories/usable");
        assertThat(usable.get("status").asText()).as(usable.toString()).isEqualTo("released");
        return usable.get("count").asLong();
    }

    private long consents(String patient) {
        return node.data.store().ofPatient(patient).stream().filter(r -> r.resourceType().equals("Consent")).count();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", PatientPortal.SESSION_COOKIE + "=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", PatientPortal.SESSION_COOKIE + "=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) b.header("Origin", origin);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> auditLines(String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
