package org.fedra.hub.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.node.api.StewardToken;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Studies and contracts across a real hub and three real nodes with different policies: one accepts by policy, one
 * declines the purpose, one waits for its steward. Decisions are audited on both sides and nothing runs without an
 * accepted contract.
 */
class StudyContractsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    Hub hub;
    final List<NodeAgent> nodes = new ArrayList<>();
    NodeAgent open;
    NodeAgent publicHealthOnly;
    NodeAgent approving;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        open = node("open", null);
        publicHealthOnly = node("public-health", "{\"acceptedPurposes\": [\"PUBHLTH\"]}");
        approving = node("approving", "{\"stewardApproval\": true}");
    }

    @AfterEach
    void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void eachNodeDecidesByItsPolicyAndItsStewardAndEveryDecisionIsAudited() throws Exception {
        Study s = hub.studies().create(new StudyRequest("Statin response", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                ids(), Set.of("feasibility", "statistics"), true));

        assertThat(s.contracts()).extracting(ContractState::status).containsExactly("accepted", "declined", "awaiting-approval");
        assertThat(s.contracts().get(1).reason()).contains("HRESCH").contains("not accepted");
        assertThat(s.acceptedNodes()).containsExactly(open.nodeId());

        // nothing runs without an accepted contract: the node's gate refuses, and says why
        assertThatThrownBy(() -> approving.contracts().authorise(s.id(), "statistics"))
                .isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("awaits the data steward's approval");
        assertThatThrownBy(() -> publicHealthOnly.contracts().authorise(s.id(), "statistics"))
                .isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("declined");
        assertThatThrownBy(() -> open.contracts().authorise(s.id(), "regression"))
                .isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("does not cover the analysis regression");
        assertThatThrownBy(() -> open.contracts().authorise("study-unknown", "statistics"))
                .isInstanceOf(StudyNotAuthorisedException.class).hasMessageContaining("no contract");
        assertThat(open.contracts().authorise(s.id(), "statistics").purpose()).isEqualTo(Purpose.HEALTHCARE_RESEARCH);

        // the steward sees the study waiting and approves it through the node's API; the hub learns it on the next analysis
        JsonNode waiting = node(approving, "GET", "/api/approvals", null, 200);
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("study").asText()).isEqualTo(s.id());
        assertThat(waiting.get(0).get("purpose").asText()).contains("HRESCH");
        node(approving, "POST", "/api/approvals/" + s.id() + "/approve", "{\"steward\": \"dr-who\"}", 200);
        assertThat(node(approving, "GET", "/api/approvals", null, 200)).isEmpty();
        node(approving, "POST", "/api/approvals/" + s.id() + "/approve", "{}", 409);
        node(approving, "POST", "/api/approvals/study-nope/approve", "{}", 404);

        Participants p = hub.studies().participants(s.id(), "statistics");
        assertThat(p.nodes()).containsExactly(open.nodeId(), approving.nodeId());
        assertThat(p.excluded()).containsOnlyKeys(publicHealthOnly.nodeId());
        assertThat(p.excluded().get(publicHealthOnly.nodeId())).startsWith("declined: the purpose");

        assertThat(audit(tmp.resolve("node-open"), "contract.accepted")).hasSize(1);
        assertThat(audit(tmp.resolve("node-public-health"), "contract.declined")).hasSize(1);
        assertThat(audit(tmp.resolve("node-approving"), "contract.awaiting-approval")).hasSize(1);
        assertThat(audit(tmp.resolve("node-approving"), "contract.accepted")).singleElement().asString().contains("dr-who");
        assertThat(audit(tmp.resolve("node-open"), "contract.task-refused")).hasSize(2);
        assertThat(audit(tmp.resolve("hub"), "study.created")).hasSize(1);
        assertThat(audit(tmp.resolve("hub"), "\"study.contract\"")).hasSize(4); // three first answers, then the approval
        for (String dir : List.of("hub", "node-open", "node-public-health", "node-approving")) {
            assertThat(AuditLog.verify(tmp.resolve(dir)).intact()).as(dir).isTrue();
        }
    }

    @Test
    void aStewardRejectionNeedsAReasonAndReachesTheResearcher() throws Exception {
        Study s = hub.studies().create(new StudyRequest("Rejected", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                List.of(approving.nodeId()), Set.of("feasibility"), false));
        node(approving, "POST", "/api/approvals/" + s.id() + "/reject", "{}", 400);
        node(approving, "POST", "/api/approvals/" + s.id() + "/reject", "{\"reason\": \"ethics approval missing\"}", 200);
        assertThatThrownBy(() -> hub.studies().participants(s.id(), "feasibility"))
                .isInstanceOf(StudyException.class).hasMessageContaining("no node accepted").hasMessageContaining("ethics approval missing")
                .extracting(e -> ((StudyException) e).httpStatus()).isEqualTo(409);
    }

    @Test
    void badStudyRequestsAreRefusedWithTheFieldAndNothingIsProposed() throws Exception {
        assertThat(hubApi("POST", "/api/studies", "{\"title\": \"t\", \"purpose\": \"HRESCH\", \"organisation\": \"uni\", "
                + "\"nodes\": [\"node-x\"], \"analyses\": [\"feasibility\"]}", 400).get("error").asText()).contains("nodes: no node node-x");
        assertThat(hubApi("POST", "/api/studies", "{\"title\": \"t\", \"purpose\": \"HRESCH\", \"organisation\": \"uni\", "
                + "\"nodes\": [\"" + open.nodeId() + "\"], \"analyses\": [\"mining\"]}", 400).get("error").asText()).contains("unknown analysis \"mining\"");
        assertThat(hubApi("POST", "/api/studies", "{\"purpose\": \"HRESCH\", \"organisation\": \"uni\", "
                + "\"nodes\": [\"" + open.nodeId() + "\"], \"analyses\": [\"feasibility\"]}", 400).get("error").asText()).contains("title");
        assertThat(hubApi("POST", "/api/studies", "{\"title\": \"t\", \"purpose\": \"HRESCH\", \"organisation\": \"uni research!\", "
                + "\"nodes\": [\"" + open.nodeId() + "\"], \"analyses\": [\"feasibility\"]}", 400).get("error").asText()).contains("organisation");
        assertThat(hubApi("GET", "/api/studies", null, 200)).isEmpty();
        assertThat(hub.tasks()).isNotNull();
        assertThat(audit(tmp.resolve("hub"), "task.submitted")).isEmpty();

        JsonNode created = hubApi("POST", "/api/studies", "{\"title\": \"t\", \"purpose\": \"HRESCH\", \"organisation\": \"uni\", "
                + "\"nodes\": [\"" + open.nodeId() + "\"], \"analyses\": [\"feasibility\"]}", 201);
        assertThat(created.get("contracts").get(0).get("status").asText()).isEqualTo("accepted");
        String id = created.get("id").asText();
        assertThat(hubApi("GET", "/api/studies/" + id, null, 200).get("title").asText()).isEqualTo("t");
        assertThat(hubApi("GET", "/api/studies/study-none", null, 404).get("error").asText()).contains("no study study-none");
        assertThatThrownBy(() -> hub.studies().participants(id, "regression")).isInstanceOf(StudyException.class)
                .hasMessageContaining("did not list the analysis regression");
    }

    private List<String> ids() {
        return nodes.stream().map(NodeAgent::nodeId).toList();
    }

    private NodeAgent node(String name, String policy) throws Exception {
        Path dir = tmp.resolve("node-" + name);
        if (policy != null) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("node-policy.json"), policy);
        }
        NodeAgent n = NodeAgent.start(NodeConfig.of(dir, "localhost:" + hub.grpcPort(), hub.issueToken("Hospital " + name, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns());
        nodes.add(n);
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        return n;
    }

    private JsonNode node(NodeAgent n, String method, String path, String body, int status) throws Exception {
        String token = Files.readString(n.dataDir().resolve(StewardToken.FILE)).strip();
        return call("http://127.0.0.1:" + n.apiPort() + path, token, method, body, status);
    }

    private JsonNode hubApi(String method, String path, String body, int status) throws Exception {
        return call("http://127.0.0.1:" + hub.httpPort() + path, hub.operatorToken(), method, body, status);
    }

    private JsonNode call(String url, String token, String method, String body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static List<String> audit(Path dir, String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
