package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.fedra.hub.job.JobRequest;
import org.fedra.hub.security.Quarantine;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyException;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.api.StewardToken;
import org.fedra.node.fhir.FhirCodec;
import org.fedra.node.posture.HostPackages;
import org.fedra.node.synth.SiteProfile;
import org.fedra.node.synth.SyntheticCohort;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.Failure;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.Test;

/**
 * Policies that act (issue 15, point 4) on a real hub and three real nodes over mutual-TLS gRPC: a feed entry lowers a
 * node's index below a study's minimum, the node is quarantined from the study (no task of it, the researcher sees
 * why), the study runs on the others; the node's steward declares a remediation on the node's API, the index recovers
 * and the node rejoins; each change is in the hub's audit log and the node's.
 */
class QuarantineLiveTest extends LiveFederation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "uni-research";
    private static final LocalDate REF = LocalDate.of(2026, 1, 1);
    /** a: openssl (7.5) affected; b: glibc (7.8) affected; c: patched. */
    private static final double INDEX_A = (1 - 0.75 / 1.53) * 100;
    private static final double INDEX_B = (1 - 0.78 / 1.53) * 100;
    private static final double INDEX_B_REMEDIATED = (1 - (0.78 / 3) / 1.53) * 100;

    QuarantineLiveTest() {
        super(true);
    }

    @Test
    void aNodeBelowAStudysMinimumIsLeftOutWithTheReasonAndRejoinsAfterItsStewardsRemediation() throws Exception {
        NodeAgent a = withData(apiNode("hospital-a", SecurityIndexLiveTest.OLD_OPENSSL), SiteProfile.cityUniversity());
        NodeAgent b = withData(apiNode("hospital-b", SecurityIndexLiveTest.OLD_GLIBC), SiteProfile.ruralGeneral());
        NodeAgent c = withData(apiNode("hospital-c", SecurityIndexLiveTest.PATCHED), SiteProfile.heartCentre());
        Study study = hub.studies().create(new StudyRequest("Hypertension", Purpose.HEALTHCARE_RESEARCH, ORG, List.of(a.nodeId(), b.nodeId(), c.nodeId()),
                Set.of("feasibility"), true, 50));
        assertThat(study.minimumSecurityIndex()).isEqualTo(50.0);
        assertThat(study.acceptedNodes()).containsExactly(a.nodeId(), b.nodeId(), c.nodeId());
        assertThat(hub.quarantine().list()).isEmpty();

        hub.security().importFeed("feed.json", SecurityIndexLiveTest.FEED.getBytes(StandardCharsets.UTF_8));
        assertThat(hub.security().current().index(a.nodeId())).isCloseTo(INDEX_A, within(1e-9));
        assertThat(hub.security().current().index(b.nodeId())).isCloseTo(INDEX_B, within(1e-9));
        // b (49.02) is below the study's 50, a (50.98) is not
        assertThat(hub.quarantine().list()).singleElement().satisfies(e -> {
            assertThat(e.nodeId()).isEqualTo(b.nodeId());
            assertThat(e.scope()).isEqualTo(study.id());
            assertThat(e.reason()).isEqualTo("node " + b.nodeId() + "'s security index 49.02 is below study " + study.id() + "'s minimum of 50");
        });

        JsonNode out = feasibility(study);
        assertThat(out.get("nodes")).extracting(n -> n.get("node").asText()).containsExactlyInAnyOrder(a.nodeId(), c.nodeId());
        assertThat(out.get("notAnswered")).singleElement().satisfies(n -> {
            assertThat(n.get("node").asText()).isEqualTo(b.nodeId());
            assertThat(n.get("reason").asText()).isEqualTo("quarantined from study " + study.id() + ": node " + b.nodeId()
                    + "'s security index 49.02 is below study " + study.id() + "'s minimum of 50");
        });
        assertThat(feasibilityTasksTo(b)).isZero();
        // the researcher's study view names the quarantine beside b's contract
        JsonNode view = http("GET", "http://127.0.0.1:" + hub.httpPort() + "/api/studies/" + study.id(), hub.operatorToken(), null, 200);
        assertThat(view.get("minSecurityIndex").asDouble()).isEqualTo(50.0);
        assertThat(view.get("contracts")).filteredOn(x -> x.has("quarantined")).singleElement()
                .satisfies(x -> assertThat(x.get("node").asText()).isEqualTo(b.nodeId()));
        // both sides audited the quarantine
        assertThat(audit(tmp.resolve("hub"), "\"node.quarantined\"")).singleElement().asString().contains(b.nodeId()).contains("49.02");
        PostureTest.await(() -> !audit(b.dataDir(), "\"node.quarantined\"").isEmpty());
        assertThat(audit(a.dataDir(), "\"node.quarantined\"")).isEmpty();

        // b's steward declares a remediation on the node's API: the node sends its posture at once
        JsonNode declared = http("POST", "http://127.0.0.1:" + b.apiPort() + "/api/remediations", stewardToken(b),
                "{\"vulnerability\": \"CVE-2023-4911\", \"kind\": \"COMPENSATING_CONTROL\", \"level\": 3, \"note\": \"no local logins\", \"steward\": \"dr-b\"}", 201);
        assertThat(declared).singleElement().satisfies(r -> assertThat(r.get("kind").asText()).isEqualTo("COMPENSATING_CONTROL"));
        PostureTest.await(() -> hub.quarantine().list().isEmpty());
        assertThat(hub.security().current().index(b.nodeId())).isCloseTo(INDEX_B_REMEDIATED, within(1e-9));
        assertThat(hub.security().current().index(a.nodeId())).isCloseTo(INDEX_A, within(1e-9));
        assertThat(audit(tmp.resolve("hub"), "\"node.released\"")).singleElement().asString().contains(b.nodeId());
        PostureTest.await(() -> !audit(b.dataDir(), "\"node.released\"").isEmpty());
        assertThat(audit(b.dataDir(), "\"remediation.declared\"")).singleElement().asString().contains("CVE-2023-4911").contains("dr-b");

        JsonNode again = feasibility(study);
        assertThat(again.get("nodes")).extracting(n -> n.get("node").asText()).containsExactlyInAnyOrder(a.nodeId(), b.nodeId(), c.nodeId());
        assertThat(feasibilityTasksTo(b)).isEqualTo(1);
    }

    @Test
    void theFederationsMinimumFinishesATaskInFlightWithoutTheNodeAndRefusesNewOnesUntilItIsLowered() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.OLD_OPENSSL);
        NodeAgent b = node("hospital-b", SecurityIndexLiveTest.OLD_GLIBC);
        hub.security().importFeed("feed.json", SecurityIndexLiveTest.FEED.getBytes(StandardCharsets.UTF_8));
        // b goes offline: a task for it waits (in flight) until its deadline
        b.close();
        PostureTest.await(() -> hub.nodes().find(b.nodeId()).orElseThrow().status().equals("offline"));
        var inFlight = hub.tasks().submit(new TaskRequest("job-1", "echo", new byte[] {1}, List.of(b.nodeId()), Duration.ofMinutes(5)));
        assertThat(inFlight).isNotDone();

        hub.setFederationMinimum(50, "test operator");
        TaskOutcome o = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS).get(0);
        assertThat(o.ok()).isFalse();
        assertThat(o.reason()).isEqualTo(FailureReason.REFUSED_BY_POLICY);
        assertThat(o.error()).isEqualTo("node " + b.nodeId() + " was quarantined while running the task: quarantined: node " + b.nodeId()
                + "'s security index 49.02 is below the federation's minimum of 50");
        // a new task is not sent at all; a (50.98) is not quarantined
        TaskOutcome refused = hub.tasks().submit(new TaskRequest("job-2", "echo", new byte[] {2}, List.of(b.nodeId(), a.nodeId()), Duration.ofSeconds(20)))
                .get(30, java.util.concurrent.TimeUnit.SECONDS).get(0);
        assertThat(refused.error()).startsWith("node " + b.nodeId() + " was not sent the task: quarantined: ");
        assertThat(hub.quarantine().list()).extracting(Quarantine.Entry::nodeId).containsExactly(b.nodeId());

        // bad input keeps the minimum in force
        assertThatThrownBy(() -> hub.setFederationMinimum(101, "test operator")).isInstanceOf(Failure.class).hasMessageContaining("0 to 100");
        assertThat(hub.quarantine().federationMinimum()).isEqualTo(50.0);
        JsonNode bad = http("PUT", "http://127.0.0.1:" + hub.httpPort() + "/api/security/minimum", hub.operatorToken(), "{\"minimum\": \"high\"}", 400);
        assertThat(bad.get("error").asText()).contains("minimum");

        JsonNode lowered = http("PUT", "http://127.0.0.1:" + hub.httpPort() + "/api/security/minimum", hub.operatorToken(), "{\"minimum\": 40}", 200);
        assertThat(lowered.get("federationMinimum").asDouble()).isEqualTo(40.0);
        assertThat(lowered.get("quarantined")).isEmpty();
        assertThat(audit(tmp.resolve("hub"), "\"node.released\"")).singleElement().asString().contains(b.nodeId()).contains("recovered");
    }

    @Test
    void aStudyMinimumOutsideTheIndexScaleIsRefusedNamingTheField() throws Exception {
        NodeAgent a = node("hospital-a", SecurityIndexLiveTest.PATCHED);
        assertThatThrownBy(() -> hub.studies().create(new StudyRequest("t", Purpose.HEALTHCARE_RESEARCH, ORG, List.of(a.nodeId()), Set.of("feasibility"),
                true, 120))).isInstanceOf(StudyException.class).hasMessageContaining("minSecurityIndex");
        assertThat(hub.studies().list()).isEmpty();
        JsonNode bad = http("POST", "http://127.0.0.1:" + hub.httpPort() + "/api/studies", hub.operatorToken(), "{\"title\": \"t\", \"purpose\": \"HRESCH\", "
                + "\"organisation\": \"" + ORG + "\", \"nodes\": [\"" + a.nodeId() + "\"], \"analyses\": [\"feasibility\"], \"minSecurityIndex\": -1}", 400);
        assertThat(bad.get("error").asText()).contains("minSecurityIndex");
        assertThat(hub.studies().list()).isEmpty();
    }

    private NodeAgent apiNode(String name, HostPackages packages) throws Exception {
        NodeConfig cfg = NodeConfig.of(tmp.resolve(name), "localhost:" + hub.grpcPort(), hub.issueToken(name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0);
        NodeAgent n = NodeAgent.start(cfg, TaskHandlers.withBuiltIns(), packages);
        nodes.add(n);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        PostureTest.await(() -> hub.postures().latest(n.nodeId()).isPresent());
        return n;
    }

    static NodeAgent withData(NodeAgent n, SiteProfile site) {
        String bundle = FhirCodec.context().newJsonParser().encodeResourceToString(new SyntheticCohort(site, n.nodeId().hashCode(), REF.minusDays(1))
                .nextBundle(60));
        assertThat(n.dataLayer().fhirImporter().importBundle(new StringReader(bundle), n.nodeId()).problems()).isEmpty();
        return n;
    }

    private JsonNode feasibility(Study s) {
        com.fasterxml.jackson.databind.node.ObjectNode spec = JSON.createObjectNode().put("referenceDate", REF.toString());
        spec.putObject("query").putObject("age").put("min", 18);
        return hub.jobs().run(JobRequest.of(s.id(), "feasibility", spec, Principal.researcher(ORG)), Duration.ofSeconds(90));
    }

    private long feasibilityTasksTo(NodeAgent n) {
        return audit(tmp.resolve("hub"), "\"task.submitted\"").stream().filter(l -> l.contains("type feasibility") && l.contains(" to " + n.nodeId())).count();
    }

    private static String stewardToken(NodeAgent n) throws IOException {
        return Files.readString(n.dataDir().resolve(StewardToken.FILE)).strip();
    }

    static List<String> audit(Path dir, String action) {
        try {
            return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode http(String method, String url, String token, String body, int status) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp = HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as(method + " " + url + ": " + resp.body()).isEqualTo(status);
        return JSON.readTree(resp.body());
    }
}
