package org.fedra.node.web;

import org.fedra.web.OidcProvider;
import org.fedra.web.KeycloakServer;
import org.fedra.web.PortalBrowser;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Set;
import org.fedra.node.api.NodeApi;
import org.fedra.node.api.StewardToken;
import org.fedra.node.consent.TaskContext;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.pipeline.ReleaseLedger;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.NodePolicy;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The rest of the steward's console in a real headless Chromium (phone-sized, axe-core on every page), signed in at a
 * real Keycloak, on a node API over a real database: the policy (a bad one refused naming the field, the one in force
 * kept; a good one in force at once), an import watched to its end, the inventory, the access log searched by patient,
 * study and day, the releases of a study with their guarantee, audit verification, the node status, and a personal API
 * token used against the node's API with exactly its scope, then revoked. Then the attacks: a patient on every steward
 * route (403), state changes without the form token (refused, nothing changed), script in stored text shown as text.
 */
@ExtendWith(KeycloakServer.Shared.class)
class StewardPagesBrowserTest {
    private static final String SCRIPT_STUDY = "S-<b>bold</b><script>alert(1)</script>";
    static PortalBrowser browser;

    @TempDir
    Path dir;
    TestNode node;
    AuditLog audit;
    ContractBook contracts;
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
        node = new TestNode(Files.createDirectories(dir.resolve("objects")), new DisclosureSettings(10, 10));
        String alice = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"alice\","
                + "\"identifier\":[{\"system\":\"" + OidcSignInTest.MRN + "\",\"value\":\"alice\"}],\"gender\":\"female\",\"birthDate\":\"1961-04-02\"}}]}";
        assertThat(node.data.fhirImporter().importBundle(new StringReader(alice), "portal-test").problems()).isEmpty();
        audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node("node-test"));
        Files.writeString(dir.resolve(NodePolicy.FILE), "{\"stewardApproval\": true}");
        contracts = new ContractBook(node.data.store().dataSource(), NodePolicy.load(dir), audit, node.clock);
        // two tasks read alice's record (one of a study whose id carries markup), on 1 January 2026
        String aliceId = node.patient("alice");
        node.data.accessLog().record(new TaskContext("t-1", "S-1", Purpose.HEALTHCARE_RESEARCH, "uni-a", node.clock.instant()), List.of(aliceId));
        node.data.accessLog().record(new TaskContext("t-2", SCRIPT_STUDY, Purpose.PUBLIC_HEALTH, "uni-b", node.clock.instant()), List.of(aliceId));
        ReleaseLedger ledger = new ReleaseLedger(node.data.store().dataSource(), node.clock, () -> 200);
        ledger.record(new ReleaseLedger.Release("uni-a", "S-1", "statistics", "S-1:statistics:j1"), "t-1", ReleaseLedger.RELEASED);
        ledger.record(new ReleaseLedger.Release("uni-b", SCRIPT_STUDY, "statistics", "x:j2"), "t-2", ReleaseLedger.WITHHELD);
        int port = KeycloakServer.freePort();
        base = "http://localhost:" + port;
        OidcProvider provider = OidcProvider.discover(OidcSignInTest.settings(KeycloakServer.get().issuer(), port), Clock.systemUTC());
        api = NodeApi.start(node.data, dir, audit, "127.0.0.1", port, contracts, provider);
        browser.clearCookies();
    }

    @AfterEach
    void stopNode() {
        api.stop();
    }

    private void signIn(String user) {
        browser.open(base + "/portal");
        browser.driver.findElement(By.linkText("Sign in")).click();
        browser.signInAtProvider(user, user + "-password");
        browser.waitForPath(user.equals("sam") ? "/steward" : "/portal/records/");
    }

    @Test
    void theStewardKeepsThePolicyImportsSearchesVerifiesAndCreatesATokenWithExactlyItsScope() throws Exception {
        signIn("sam");

        // the policy: a bad one is refused naming the field, and the one in force stays
        browser.clickAndWait(By.linkText("Policy"));
        assertThat(browser.text()).contains("Every study needs your approval\nyes", "Query budget per organisation\n200");
        browser.assertAccessible();
        browser.screenshot("steward-policy");
        String fileBefore = Files.readString(dir.resolve(NodePolicy.FILE));
        setPolicy("{\"stewardApproval\": true, \"queryBudget\": 0}");
        browser.clickAndWait(By.xpath("//button[text()='Save the policy']"));
        assertThat(browser.driver.findElement(By.id("policy-error")).getText())
                .isEqualTo("Policy: queryBudget must be a whole number from 1 to 1000000, not 0; nothing was changed.");
        assertThat(browser.driver.findElement(By.id("policy")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(Files.readString(dir.resolve(NodePolicy.FILE))).isEqualTo(fileBefore);
        assertThat(contracts.policy().queryBudget()).isEqualTo(200);
        browser.assertAccessible();
        setPolicy("{\"stewardApproval\": false, \"queryBudget\": 50}");
        browser.clickAndWait(By.xpath("//button[text()='Save the policy']"));
        assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("The policy was saved and is in force now.");
        assertThat(contracts.policy().queryBudget()).isEqualTo(50);
        assertThat(contracts.policy().stewardApproval()).isFalse();
        assertThat(NodePolicy.load(dir)).isEqualTo(contracts.policy());
        assertThat(lines("\"policy.changed\"")).singleElement().asString().contains("Sam Steward", "\\\"queryBudget\\\":50");

        // an import, watched live to its end
        browser.clickAndWait(By.linkText("Imports"));
        browser.assertAccessible();
        Path bundle = dir.resolve("twelve-patients.json");
        Files.writeString(bundle, bundle(java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "p" + i).toArray(String[]::new)));
        browser.driver.findElement(By.id("file")).sendKeys(bundle.toAbsolutePath().toString());
        browser.clickAndWait(By.xpath("//button[text()='Import']"));
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.cssSelector(".imports .state")).getText().startsWith("done"));
        assertThat(browser.driver.findElement(By.cssSelector(".imports .state")).getText())
                .isEqualTo("done: 12 created, 0 updated, 0 unchanged, 12 patients, 0 problems");
        assertThat(browser.driver.findElement(By.cssSelector(".imports progress")).getAttribute("value")).isEqualTo("12");
        browser.assertAccessible();
        browser.screenshot("steward-imports");
        assertThat(lines("\"data.imported\"")).singleElement().asString().contains("twelve-patients.json", "Sam Steward", "12 created");
        assertThat(Files.list(dir.resolve("uploads"))).as("the uploaded copy is gone").isEmpty();

        // the inventory as the hub's catalog gets it: the 13 patients rounded to 10
        browser.clickAndWait(By.linkText("Inventory"));
        assertThat(browser.driver.findElements(By.xpath("//tr[td[1]='Patient']/td[4]"))).extracting(e -> e.getText()).containsExactly("10");
        browser.assertAccessible();
        browser.screenshot("steward-inventory");

        // the access log by patient, by study, by day; a bad day is named
        browser.clickAndWait(By.linkText("Access log"));
        browser.driver.findElement(By.id("patient")).sendKeys(OidcSignInTest.MRN + "|alice");
        browser.clickAndWait(By.xpath("//button[text()='Search']"));
        assertThat(browser.driver.findElement(By.id("found")).getText()).isEqualTo("2 entries");
        assertThat(browser.driver.findElements(By.cssSelector("td[data-label=Study]"))).extracting(e -> e.getText())
                .containsExactlyInAnyOrder("S-1", SCRIPT_STUDY);
        assertThat(browser.driver.findElements(By.cssSelector("main b, main td script"))).isEmpty();
        browser.assertAccessible();
        browser.screenshot("steward-access-log");
        assertThat(lines("\"steward.access-log-searched\"")).singleElement().asString().contains("Sam Steward", "2 entries");
        browser.open(base + "/steward/access-log?study=S-1&from=2026-01-01&to=2026-01-01");
        assertThat(browser.driver.findElement(By.id("found")).getText()).isEqualTo("1 entry");
        browser.open(base + "/steward/access-log?study=S-1&from=2026-01-02");
        assertThat(browser.driver.findElement(By.id("found")).getText()).isEqualTo("0 entries");
        browser.open(base + "/steward/access-log?from=1%20Jan");
        assertThat(browser.driver.findElement(By.id("from-error")).getText()).isEqualTo("From: write a day as YYYY-MM-DD, not '1 Jan'.");
        browser.assertAccessible();

        // the releases of each study, with what protected them
        browser.clickAndWait(By.linkText("Releases"));
        assertThat(browser.driver.findElements(By.cssSelector("main section h2"))).extracting(e -> e.getText())
                .containsExactly("Study S-1", "Study " + SCRIPT_STUDY);
        assertThat(browser.text()).contains("a masked secure-sum contribution over at least 10 patients; only the federation's total is readable",
                "not released: fewer than 10 patients, the node took part with zeros");
        assertThat(browser.driver.findElements(By.cssSelector("main b, main script"))).isEmpty();
        browser.assertAccessible();
        browser.screenshot("steward-releases");

        // the audit log verifies, and the verification is itself audited
        browser.clickAndWait(By.linkText("Audit log"));
        browser.clickAndWait(By.xpath("//button[text()='Verify the audit log']"));
        assertThat(browser.driver.findElement(By.id("verification")).getText()).matches("Intact: all \\d+ entries hold and the signed head names the last one\\.");
        assertThat(AuditLog.verify(dir).intact()).isTrue();
        browser.assertAccessible();
        assertThat(lines("\"audit.verified\"")).singleElement().asString().contains("Sam Steward", "Intact");

        browser.clickAndWait(By.linkText("Node status"));
        assertThat(browser.text()).contains("runs without a connection to a hub");
        browser.assertAccessible();

        // a personal token: shown once, hashed at rest, exactly its scope, revocable
        browser.clickAndWait(By.linkText("API tokens"));
        browser.assertAccessible();
        browser.clickAndWait(By.xpath("//button[text()='Create the token']"));
        assertThat(browser.driver.findElement(By.id("token-error")).getText()).startsWith("Name: ");
        browser.driver.findElement(By.id("name")).sendKeys("inventory dashboard");
        browser.clickAndWait(By.xpath("//button[text()='Create the token']"));
        assertThat(browser.driver.findElement(By.id("token-error")).getText()).isEqualTo("Scopes: choose at least one thing the token may do");
        browser.driver.findElement(By.id("name")).sendKeys("inventory dashboard");
        browser.driver.findElement(By.id("scope-inventory-read")).click();
        browser.clickAndWait(By.xpath("//button[text()='Create the token']"));
        String secret = browser.driver.findElement(By.id("new-token")).getText();
        assertThat(secret).startsWith("fedra_pat_");
        browser.assertAccessible();
        browser.screenshot("steward-tokens");
        assertThat(apiGet("/api/inventory", secret).statusCode()).isEqualTo(200);
        HttpResponse<String> patients = apiGet("/api/patients/" + URLEncoder.encode(OidcSignInTest.MRN + "|alice", StandardCharsets.UTF_8) + "/access-log", secret);
        assertThat(patients.statusCode()).isEqualTo(403);
        assertThat(patients.body()).contains("needs the scope patients:read");
        assertThat(apiGet("/api/policy", secret).statusCode()).isEqualTo(403);
        assertThat(apiGet("/api/inventory", secret + "x").statusCode()).isEqualTo(401);
        assertThat(apiGet("/api/patients/" + URLEncoder.encode(OidcSignInTest.MRN + "|alice", StandardCharsets.UTF_8) + "/access-log",
                StewardToken.loadOrCreate(dir)).statusCode()).isEqualTo(200);
        try (var c = node.data.store().dataSource().getConnection(); var rs = c.createStatement().executeQuery("SELECT token_hash FROM api_tokens")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).hasSize(64).isNotEqualTo(secret).doesNotContain(secret.substring("fedra_pat_".length()));
        }
        browser.open(base + "/steward/tokens");
        assertThat(browser.text()).doesNotContain(secret.substring("fedra_pat_".length()));
        browser.clickAndWait(By.xpath("//button[text()='Revoke inventory dashboard']"));
        assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Token revoked: it no longer works.");
        assertThat(apiGet("/api/inventory", secret).statusCode()).isEqualTo(401);
        assertThat(lines("\"api-token.created\"")).singleElement().asString().contains("Sam Steward", "inventory:read");
        assertThat(lines("\"api-token.revoked\"")).hasSize(1);
    }

    @Test
    void aPatientIsRefusedEveryStewardRouteAndNoChangeWithoutTheFormTokenHappens() throws Exception {
        signIn("alice");
        String alice = browser.cookie(PatientPortal.SESSION_COOKIE);
        List<String> pages = List.of("/steward/policy", "/steward/imports", "/steward/inventory", "/steward/access-log", "/steward/releases",
                "/steward/audit", "/steward/status", "/steward/tokens");
        for (String p : pages) assertThat(get(p, alice).statusCode()).as(p).isEqualTo(403);
        List<String> changes = List.of("/steward/policy", "/steward/imports", "/steward/audit/verify", "/steward/tokens", "/steward/tokens/x/revoke");
        for (String p : changes) assertThat(post(p, alice, "").statusCode()).as(p).isEqualTo(403);
        assertThat(lines("\"portal.access-refused\"")).hasSize(pages.size() + changes.size());

        browser.clearCookies();
        signIn("sam");
        String sam = browser.cookie(PatientPortal.SESSION_COOKIE);
        String before = Files.readString(dir.resolve(NodePolicy.FILE));
        assertThat(post("/steward/policy", sam, "policy=" + URLEncoder.encode("{\"queryBudget\": 5}", StandardCharsets.UTF_8)).statusCode()).isEqualTo(403);
        assertThat(post("/steward/tokens", sam, "name=x&scope=inventory%3Aread").statusCode()).isEqualTo(403);
        assertThat(post("/steward/audit/verify", sam, "").statusCode()).isEqualTo(403);
        assertThat(Files.readString(dir.resolve(NodePolicy.FILE))).isEqualTo(before);
        assertThat(contracts.policy().queryBudget()).isEqualTo(200);
        assertThat(lines("\"api-token.created\"")).isEmpty();
        assertThat(lines("\"audit.verified\"")).isEmpty();
        // with the token from the page but another site's Origin: refused too
        browser.open(base + "/steward/policy");
        String csrf = browser.driver.findElement(By.name("csrf")).getAttribute("value");
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(base + "/steward/tokens"))
                .header("Cookie", PatientPortal.SESSION_COOKIE + "=" + sam).header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&name=x&scope=inventory%3Aread")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(lines("\"api-token.created\"")).isEmpty();
        assertThat(get("/steward/policy", null).statusCode()).isEqualTo(401);
    }

    @Test
    void theDemoSignInIsRefusedOnANodeNotStartedForTheDemo() throws Exception {
        assertThat(get("/auth/demo", null).statusCode()).isEqualTo(404);
        HttpResponse<String> steward = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/demo"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("as=steward")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(steward.statusCode()).isEqualTo(404);
        assertThat(steward.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(PatientPortal.SESSION_COOKIE + "=") && !c.startsWith(PatientPortal.SESSION_COOKIE + "=;"));
        assertThat(lines("\"portal.signed-in\"")).isEmpty();
        // the sign-in goes to the hospital's provider, not to a demo form
        assertThat(get("/auth/login", null).headers().firstValue("Location").orElseThrow()).startsWith(KeycloakServer.get().issuer());
    }

    private void setPolicy(String json) {
        var area = browser.driver.findElement(By.id("policy"));
        area.clear();
        area.sendKeys(json);
    }

    private static String bundle(String... ids) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
        for (int i = 0; i < ids.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"").append(ids[i]).append("\",\"identifier\":[{\"system\":\"")
                    .append(OidcSignInTest.MRN).append("\",\"value\":\"").append(ids[i]).append("\"}],\"gender\":\"male\",\"birthDate\":\"1970-01-01\"}}");
        }
        return b.append("]}").toString();
    }

    private HttpResponse<String> apiGet(String path, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) b.header("Cookie", PatientPortal.SESSION_COOKIE + "=" + cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", PatientPortal.SESSION_COOKIE + "=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> lines(String action) throws java.io.IOException {
        if (!Files.exists(dir.resolve(AuditLog.LOG_FILE))) return List.of();
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
