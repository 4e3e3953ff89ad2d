package org.fedra.node.web;

import org.fedra.web.OidcProvider;
import org.fedra.web.KeycloakServer;
import org.fedra.web.PortalBrowser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.fedra.node.api.NodeApi;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.Analyses;
import org.fedra.node.study.Contract;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.ContractProposal;
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
import org.openqa.selenium.NoAlertPresentException;

/**
 * The steward's console in a real headless Chromium, signed in at a real Keycloak, on a node whose policy requires the
 * steward's approval: two studies await it (one with script in its title); the steward rejects one (a reason is
 * required) and approves the other, through the node's contract book.
 */
@ExtendWith(KeycloakServer.Shared.class)
class StewardConsoleBrowserTest {
    private static final String SCRIPT_TITLE = "Diabetes outcomes <script>alert('t')</script><img src=x onerror=alert(1)>";
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
        assertThat(contracts.propose(new ContractProposal("S-1", SCRIPT_TITLE, Purpose.HEALTHCARE_RESEARCH, "uni-a", Set.of(Analyses.FEASIBILITY), null))
                .status()).isEqualTo("awaiting-approval");
        assertThat(contracts.propose(new ContractProposal("S-2", "Heart failure cohort", Purpose.PUBLIC_HEALTH, "uni-b",
                Set.of(Analyses.FEASIBILITY), null)).status()).isEqualTo("awaiting-approval");
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
    void theStewardRejectsOneStudyWithAReasonAndApprovesTheOther() throws Exception {
        signIn("sam");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + "/steward");
        assertThat(browser.driver.findElements(By.cssSelector("main section h2"))).extracting(e -> e.getText())
                .containsExactlyInAnyOrder(SCRIPT_TITLE, "Heart failure cohort");
        assertThat(browser.text()).contains("Requested by\nuni-a", "Purpose\nHealth care research", "Analyses\nfeasibility");
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.driver.findElements(By.cssSelector("main script, main img"))).isEmpty();
        browser.assertAccessible();
        browser.screenshot("steward-console");

        // a rejection without a reason is refused, naming the field
        browser.clickAndWait(By.xpath("//button[text()='Reject S-2']"));
        assertThat(browser.driver.findElement(By.id("reason-S-2-error")).getText()).isEqualTo("Reason: write why the study is rejected; the researcher is told.");
        assertThat(contracts.find("S-2").orElseThrow().status()).isEqualTo("awaiting-approval");
        browser.assertAccessible();

        browser.driver.findElement(By.id("reason-S-2")).sendKeys("Purpose unclear: which outcome?");
        browser.clickAndWait(By.xpath("//button[text()='Reject S-2']"));
        assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Rejected S-2.");
        Contract rejected = contracts.find("S-2").orElseThrow();
        assertThat(rejected.status()).isEqualTo("declined");
        assertThat(rejected.reason()).isEqualTo("rejected by the data steward: Purpose unclear: which outcome?");

        browser.clickAndWait(By.xpath("//button[text()='Approve S-1']"));
        assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Approved S-1.");
        Contract approved = contracts.find("S-1").orElseThrow();
        assertThat(approved.accepted()).isTrue();
        assertThat(approved.reason()).startsWith("approved by the data steward (Sam Steward (");
        assertThat(browser.text()).contains("No study is waiting for a decision.");
        assertThat(browser.driver.findElements(By.cssSelector("table tbody tr"))).hasSize(2);
        browser.assertAccessible();
        browser.screenshot("steward-decisions");
        assertThat(lines("\"contract.accepted\"")).singleElement().asString().contains("study S-1", "approved by the data steward (Sam Steward");
        assertThat(lines("\"contract.declined\"")).singleElement().asString().contains("study S-2", "Purpose unclear");
    }

    @Test
    void aPatientCannotOpenTheConsoleAndADecisionWithoutTheFormTokenIsRefused() throws Exception {
        signIn("alice");
        assertThat(get("/steward", browser.cookie(PatientPortal.SESSION_COOKIE)).statusCode()).isEqualTo(403);
        assertThat(post("/steward/studies/S-1/approve", browser.cookie(PatientPortal.SESSION_COOKIE), "").statusCode()).isEqualTo(403);

        browser.clearCookies();
        signIn("sam");
        String sam = browser.cookie(PatientPortal.SESSION_COOKIE);
        assertThat(post("/steward/studies/S-1/approve", sam, "").statusCode()).isEqualTo(403);
        assertThat(post("/steward/studies/S-1/reject", sam, "reason=no").statusCode()).isEqualTo(403);
        assertThat(contracts.list(true)).hasSize(2);
        String token = browser.driver.findElement(By.name("csrf")).getAttribute("value");
        assertThat(post("/steward/studies/S-9/approve", sam, "csrf=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(404);
        assertThat(lines("\"portal.access-refused\"")).hasSize(4);
        assertThat(get("/steward", null).statusCode()).isEqualTo(401);
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
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
