package org.fedra.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedra.hub.HeartDiseaseNodes;
import org.fedra.hub.Hub;
import org.fedra.hub.study.Study;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.web.KeycloakServer;
import org.fedra.web.PortalBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hub's pages in a real headless Chromium, against a real hub, real nodes holding the UCI heart-disease sites and
 * the real Keycloak: the operator enrols a hospital and revokes it; a researcher proposes a study, builds a feasibility
 * query in the builder and gets the same counts as the API the CLI calls; starts training and watches the curve grow.
 * axe-core runs on every page of the hub (no serious or critical finding); each role's main page is screenshot.
 */
@ExtendWith(KeycloakServer.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubBrowserTest {
    static final String LOCAL = "urn:fedra:codesystem:uci-heart-disease";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Hub hub;
    static String base;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    static PortalBrowser browser;
    static String studyId;

    @BeforeAll
    static void start() throws Exception {
        hub = HubWebAttacksTest.startHub(tmp);
        base = "http://localhost:" + hub.httpPort();
        for (String site : List.of("cleveland", "hungarian")) {
            nodes.put(site, HeartDiseaseNodes.start(hub, tmp.resolve(site), site));
        }
        browser = new PortalBrowser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        nodes.values().forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    private static void signIn(String user) {
        browser.clearCookies();
        browser.open(base + "/auth/login");
        browser.signInAtProvider(user, user + "-password");
    }

    @Test
    @Order(1)
    void theOperatorEnrolsAHospitalAndRevokesIt() throws Exception {
        signIn("olga");
        browser.waitForPath("/operator");
        assertThat(browser.text()).contains("Operator console").contains("Hospital cleveland").contains("Hospital hungarian");
        browser.assertAccessible();
        browser.screenshot("hub-operator-console");

        browser.driver.findElement(By.id("organisation")).sendKeys("St Elsewhere");
        browser.clickAndWait(By.xpath("//button[text()='Issue an enrolment token']"));
        String token = browser.driver.findElement(By.id("token")).getAttribute("value");
        assertThat(token).isNotBlank();
        browser.assertAccessible();

        NodeAgent elsewhere = NodeAgent.start(NodeConfig.of(tmp.resolve("elsewhere"), "localhost:" + hub.grpcPort(), token)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        try {
            assertThat(elsewhere.awaitConnected(Duration.ofSeconds(20))).isTrue();
            String id = elsewhere.nodeId();
            browser.open(base + "/operator");
            WebElement row = browser.driver.findElement(By.cssSelector("tr[data-node='" + id + "']"));
            assertThat(row.getText()).contains("St Elsewhere").contains("online");
            browser.driver.findElement(By.id("reason-" + id)).sendKeys("the hospital left the network");
            browser.clickAndWait(By.xpath("//button[text()='Revoke " + id + "']"));
            assertThat(browser.text()).contains("Node " + id + " is revoked");
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-node='" + id + "']")).getText()).contains("revoked")
                    .contains("the hospital left the network");
            assertThat(hub.nodes().find(id).orElseThrow().revoked()).isTrue();
            browser.assertAccessible();

            browser.clickAndWait(By.xpath("//button[text()='Verify the audit log']"));
            assertThat(browser.driver.findElement(By.id("audit-result")).getText()).startsWith("OK: ");
            browser.assertAccessible();
            browser.open(base + "/account/tokens");
            browser.assertAccessible();
            // the pages of refusals and of signing out are pages too
            browser.open(base + "/research");
            assertThat(browser.text()).contains("This page is for the researcher role");
            browser.assertAccessible();
            browser.clickAndWait(By.xpath("//button[text()='Sign out']"));
            assertThat(browser.text()).contains("You are signed out");
            browser.assertAccessible();
            browser.open(base + "/auth/callback?code=made-up&state=made-up");
            assertThat(browser.text()).contains("Sign-in failed");
            browser.assertAccessible();
        } finally {
            elsewhere.close();
        }
    }

    @Test
    @Order(2)
    void aResearcherBuildsAFeasibilityQueryAndGetsTheCountsTheApiGives() throws Exception {
        signIn("rita");
        browser.waitForPath("/research");
        browser.assertAccessible();
        browser.screenshot("hub-research-workspace");

        browser.driver.findElement(By.id("title")).sendKeys("Heart disease in the web workspace");
        browser.driver.findElement(By.id("organisation")).sendKeys("uni-research");
        for (NodeAgent n : nodes.values()) browser.driver.findElement(By.cssSelector("input[name=nodes][value='" + n.nodeId() + "']")).click();
        browser.driver.findElement(By.cssSelector("input[name=analyses][value='training']")).click();
        browser.driver.findElement(By.cssSelector("input[name=analyses][value='statistics']")).click();
        browser.driver.findElement(By.cssSelector("input[name=analyses][value='regression']")).click();
        browser.clickAndWait(By.xpath("//button[text()='Propose the study']"));
        browser.waitForPath("/research/studies/");
        studyId = URI.create(browser.driver.getCurrentUrl()).getPath().substring("/research/studies/".length());
        Study study = hub.studies().find(studyId).orElseThrow();
        assertThat(study.title()).isEqualTo("Heart disease in the web workspace");
        for (NodeAgent n : nodes.values()) {
            assertThat(browser.driver.findElement(By.cssSelector("tr[data-node='" + n.nodeId() + "'] .decision")).getText()).isEqualTo("accepted");
        }
        browser.assertAccessible();

        // cholesterol of at least 240 mg/dL, and not female, aged 40 to 80
        new Select(browser.driver.findElement(By.id("c0-kind"))).selectByValue("observation");
        browser.driver.findElement(By.id("c0-system")).sendKeys("http://loinc.org");
        browser.driver.findElement(By.id("c0-code")).sendKeys("2093-3");
        browser.driver.findElement(By.id("c0-min")).sendKeys("240");
        browser.driver.findElement(By.id("c0-unit")).sendKeys("mg/dL");
        new Select(browser.driver.findElement(By.id("c1-kind"))).selectByValue("sex");
        new Select(browser.driver.findElement(By.id("c1-sex"))).selectByValue("female");
        browser.driver.findElement(By.id("c1.not")).click();
        new Select(browser.driver.findElement(By.id("c2-kind"))).selectByValue("age");
        browser.driver.findElement(By.id("c2-min")).sendKeys("40");
        browser.driver.findElement(By.id("c2-max")).sendKeys("80");
        browser.driver.findElement(By.id("referenceDate")).sendKeys("2026-01-01");
        browser.clickAndWait(By.id("run-feasibility"));
        assertThat(browser.driver.findElements(By.id("feasibility"))).as(browser.text()).hasSize(1);
        browser.assertAccessible();

        String query = browser.driver.findElement(By.id("query-json")).getText();
        assertThat(JSON.readTree(query)).isEqualTo(JSON.readTree("{\"and\": [{\"observation\": {\"system\": \"http://loinc.org\", \"code\": \"2093-3\", "
                + "\"min\": 240.0, \"unit\": \"mg/dL\"}}, {\"not\": {\"sex\": \"female\"}}, {\"age\": {\"min\": 40, \"max\": 80}}]}"));
        Map<String, List<String>> shown = new LinkedHashMap<>();
        for (NodeAgent n : nodes.values()) {
            List<String> cells = new ArrayList<>();
            for (String c : List.of("usable", "needsConsent", "notAssessable")) {
                cells.add(browser.driver.findElement(By.cssSelector("tr[data-node='" + n.nodeId() + "'] td[data-category='" + c + "']")).getText());
            }
            shown.put(n.nodeId(), cells);
        }
        // the same question through the API route the CLI's `fedra study feasibility` calls
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/studies/" + studyId + "/feasibility"))
                .header("Authorization", "Bearer " + hub.operatorToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": " + query + ", \"referenceDate\": \"2026-01-01\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, List<String>> api = new LinkedHashMap<>();
        for (JsonNode n : JSON.readTree(r.body()).get("nodes")) {
            List<String> cells = new ArrayList<>();
            for (String c : List.of("usable", "needsConsent", "notAssessable")) cells.add(n.path("categories").path(c).path("display").asText());
            api.put(n.get("node").asText(), cells);
        }
        assertThat(shown).isEqualTo(api);
        // every patient consented: the usable counts are real numbers, released rounded
        assertThat(shown.values()).allSatisfy(cells -> assertThat(cells.get(0)).matches("[0-9]+|<[0-9]+"));
        assertThat(shown.values()).anySatisfy(cells -> assertThat(cells.get(0)).matches("[1-9][0-9]*"));
    }

    @Test
    @Order(3)
    void aResearcherStartsTrainingAndWatchesTheCurveGrow() throws Exception {
        browser.open(base + "/research/studies/" + studyId);
        browser.driver.findElement(By.id("name")).sendKeys("heart-web");
        browser.driver.findElement(By.id("features")).sendKeys("age=http://loinc.org|30525-0@a\nsex\ncp=" + LOCAL + "|cp\nthalach=http://loinc.org|8867-4@/min\n"
                + "exang=" + LOCAL + "|exang\noldpeak=" + LOCAL + "|oldpeak@mm");
        browser.driver.findElement(By.id("outcome")).sendKeys("num=" + LOCAL + "|num");
        browser.driver.findElement(By.id("outcomeAbove")).sendKeys("0");
        WebElement rounds = browser.driver.findElement(By.id("rounds"));
        rounds.clear();
        rounds.sendKeys("8");
        browser.clickAndWait(By.id("start-training"));
        browser.waitForPath("/research/jobs/");

        // the chart's round count, as the page's script saw it after each server-sent event
        Set<String> seen = new LinkedHashSet<>();
        new WebDriverWait(browser.driver, Duration.ofMinutes(5)).pollingEvery(Duration.ofMillis(100)).until(d -> {
            String n = d.findElement(By.id("training")).getAttribute("data-rounds");
            if (n != null) seen.add(n);
            return "8".equals(n) && "succeeded".equals(d.findElement(By.id("job-state")).getText());
        });
        assertThat(seen).as("the curve grew round by round while the page watched").hasSizeGreaterThanOrEqualTo(3).contains("8");
        assertThat(browser.driver.findElements(By.cssSelector("#chart canvas"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("#rounds tbody tr"))).hasSize(8);
        browser.assertAccessible();
        browser.screenshot("hub-training-live");

        browser.open(base + "/research/models");
        browser.assertAccessible();
        browser.clickAndWait(By.cssSelector("#models a"));
        assertThat(browser.text()).contains("heart-web v1").contains(studyId);
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> "8".equals(d.findElement(By.id("training")).getAttribute("data-rounds")));
        browser.assertAccessible();
        browser.open(base + "/research/studies/" + studyId);
        assertThat(browser.driver.findElement(By.id("releases")).getText()).contains("feasibility");
    }

    @Test
    @Order(4)
    void aStewardApprovesAStudyAtTheNodeAndTheResearcherSeesTheNodeAccept() throws Exception {
        // a hospital whose policy has its data steward approve every study, its pages signing people in at the same Keycloak
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("approving"));
        java.nio.file.Files.writeString(dir.resolve(org.fedra.node.study.NodePolicy.FILE), "{\"stewardApproval\": true}");
        int port = KeycloakServer.freePort();
        Path signInFile = tmp.resolve("node-sign-in.properties");
        java.nio.file.Files.writeString(signInFile, "issuer=" + KeycloakServer.get().issuer() + "\nclient-id=fedra-node\npublic-url=http://localhost:" + port
                + "\npatient-claim=preferred_username\npatient-identifier-system=urn:fedra:test:mrn\n");
        NodeAgent approving = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Approving Hospital", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", port).withSignIn(signInFile), TaskHandlers.withBuiltIns());
        try {
            assertThat(approving.awaitConnected(Duration.ofSeconds(20))).isTrue();
            signIn("rita");
            browser.waitForPath("/research");
            browser.driver.findElement(By.id("title")).sendKeys("Needs the steward");
            browser.driver.findElement(By.id("organisation")).sendKeys("uni-research");
            browser.driver.findElement(By.cssSelector("input[name=nodes][value='" + approving.nodeId() + "']")).click();
            browser.clickAndWait(By.xpath("//button[text()='Propose the study']"));
            browser.waitForPath("/research/studies/");
            String study = URI.create(browser.driver.getCurrentUrl()).getPath().substring("/research/studies/".length());
            By decision = By.cssSelector("tr[data-node='" + approving.nodeId() + "'] .decision");
            assertThat(browser.driver.findElement(decision).getText()).isEqualTo("awaiting-approval");

            // the steward, at the node's console
            browser.clearCookies();
            browser.open("http://localhost:" + port + "/portal");
            browser.driver.findElement(By.linkText("Sign in")).click();
            browser.signInAtProvider("sam", "sam-password");
            browser.waitForPath("/steward");
            browser.clickAndWait(By.xpath("//button[text()='Approve " + study + "']"));
            assertThat(browser.driver.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Approved " + study + ".");

            // the researcher asks the undecided nodes again and sees the node accept
            signIn("rita");
            browser.waitForPath("/research");
            browser.open(base + "/research/studies/" + study);
            browser.clickAndWait(By.id("refresh"));
            assertThat(browser.driver.findElement(decision).getText()).isEqualTo("accepted");
            browser.assertAccessible();
        } finally {
            approving.close();
        }
    }

    @Test
    @Order(5)
    void aResearcherRunsStatisticsAndARegressionFromTheirForms() throws Exception {
        signIn("rita");
        browser.waitForPath("/research");
        browser.open(base + "/research/studies/" + studyId);
        browser.driver.findElement(By.id("s-variable")).sendKeys("chol=http://loinc.org|2093-3@mg/dL");
        browser.driver.findElement(By.id("s-edges")).sendKeys("100,200,300,400,600");
        browser.clickAndWait(By.id("run-statistics"));
        String stats = browser.driver.findElement(By.id("analysis-result")).getText();
        assertThat(stats).contains("count").contains("mean").contains("histogram");
        browser.assertAccessible();

        new Select(browser.driver.findElement(By.id("r-family"))).selectByValue("logistic");
        browser.driver.findElement(By.id("r-outcome")).sendKeys("num=" + LOCAL + "|num");
        browser.driver.findElement(By.id("r-outcomeAbove")).sendKeys("0");
        browser.driver.findElement(By.id("r-predictors")).sendKeys("age=http://loinc.org|30525-0@a\nsex");
        browser.clickAndWait(By.id("run-regression"));
        WebElement result = browser.driver.findElement(By.id("analysis-result"));
        List<String> estimates = new ArrayList<>();
        for (WebElement row : result.findElements(By.cssSelector("table tbody tr"))) {
            estimates.add(row.findElement(By.cssSelector("td[data-label='term']")).getText() + "="
                    + row.findElement(By.cssSelector("td[data-label='estimate']")).getText());
        }
        browser.assertAccessible();
        // the API route `fedra study regression` calls gives the same coefficients
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/studies/" + studyId + "/regression"))
                .header("Authorization", "Bearer " + hub.operatorToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"family\": \"logistic\", \"outcome\": {\"name\": \"num\", \"system\": \"" + LOCAL
                        + "\", \"code\": \"num\"}, \"outcomeAbove\": 0, \"predictors\": [{\"name\": \"age\", \"system\": \"http://loinc.org\", "
                        + "\"code\": \"30525-0\", \"unit\": \"a\"}, {\"name\": \"sex\", \"patient\": \"sex\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> api = new ArrayList<>();
        for (JsonNode t : JSON.readTree(r.body()).get("coefficients")) api.add(t.get("term").asText() + "=" + t.get("estimate").asText());
        assertThat(estimates).hasSize(3).isEqualTo(api);
    }
}
