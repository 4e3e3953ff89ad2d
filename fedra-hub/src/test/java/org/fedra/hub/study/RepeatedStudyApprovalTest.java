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
import org.fedra.node.study.Contract;
import org.fedra.node.study.StudyNotAuthorisedException;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a node whose policy says {@code repeatStudyApproval} does not accept by policy a study that repeats an
 * earlier study of the same organisation on it (same nodes, same analyses); the study waits for the steward, and the
 * reason names the study it repeats. A node without the option accepts it as before.
 */
class RepeatedStudyApprovalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ANALYSES = Set.of("feasibility", "statistics");
    @TempDir
    Path tmp;
    Hub hub;
    final List<NodeAgent> nodes = new ArrayList<>();
    NodeAgent watchful;
    NodeAgent open;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        watchful = node("watchful", "{\"repeatStudyApproval\": true}");
        open = node("open", null);
    }

    @AfterEach
    void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void aRepeatedStudyWaitsForTheStewardOnANodeWithTheOptionAndSaysWhichStudyItRepeats() throws Exception {
        Study first = create("uni-research", List.of(watchful.nodeId(), open.nodeId()), ANALYSES);
        assertThat(first.contracts()).extracting(ContractState::status).containsExactly("accepted", "accepted");

        // the same organisation (spelled otherwise), the same nodes (in another order), the same analyses
        Study repeat = create("Uni-Research", List.of(open.nodeId(), watchful.nodeId()), ANALYSES);
        ContractState onWatchful = contract(repeat, watchful);
        ContractState onOpen = contract(repeat, open);
        assertThat(onOpen.status()).as("without the option nothing changes").isEqualTo("accepted");
        assertThat(onOpen.reason()).isEqualTo("accepted by the node's policy");
        assertThat(onWatchful.status()).isEqualTo("awaiting-approval");
        Contract earlier = watchful.contracts().find(first.id()).orElseThrow();
        String reason = "the study repeats study " + first.id() + " of Uni-Research (proposed " + earlier.proposedAt() + ", accepted): the same 2 nodes"
                + " and the same analyses [feasibility, statistics]; this node's policy (repeatStudyApproval) asks the data steward to approve a repeated study";
        assertThat(onWatchful.reason()).isEqualTo(reason);
        assertThatThrownBy(() -> watchful.contracts().authorise(repeat.id(), "statistics")).isInstanceOf(StudyNotAuthorisedException.class)
                .hasMessageContaining("awaits the data steward's approval");

        // the steward sees it among the pending approvals, with the reason, and the audit log says it too
        JsonNode waiting = stewardApi(watchful, "GET", "/api/approvals", null, 200);
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("study").asText()).isEqualTo(repeat.id());
        assertThat(waiting.get(0).get("reason").asText()).isEqualTo(reason);
        assertThat(audit(tmp.resolve("node-watchful"), "\"contract.awaiting-approval\"")).singleElement().asString()
                .contains(repeat.id()).contains("repeats study " + first.id());

        // not repeats: other analyses, other nodes, another organisation: accepted by policy as before
        Study fewerAnalyses = create("uni-research", List.of(watchful.nodeId(), open.nodeId()), Set.of("feasibility"));
        Study fewerNodes = create("uni-research", List.of(watchful.nodeId()), ANALYSES);
        Study otherOrganisation = create("other-lab", List.of(watchful.nodeId(), open.nodeId()), ANALYSES);
        for (Study s : List.of(fewerAnalyses, fewerNodes, otherOrganisation)) {
            assertThat(contract(s, watchful).status()).as(s.title()).isEqualTo("accepted");
        }

        // the steward's approval lets the repeat run; a third repeat waits again and names the newest earlier study
        stewardApi(watchful, "POST", "/api/approvals/" + repeat.id() + "/approve", "{\"steward\": \"dr-who\"}", 200);
        assertThat(watchful.contracts().authorise(repeat.id(), "statistics").organisation()).isEqualTo("Uni-Research");
        Study third = create("uni-research", List.of(watchful.nodeId(), open.nodeId()), ANALYSES);
        assertThat(contract(third, watchful).status()).isEqualTo("awaiting-approval");
        assertThat(contract(third, watchful).reason()).startsWith("the study repeats study " + repeat.id() + " of uni-research (proposed ")
                .contains(", accepted): the same 2 nodes");
        assertThat(AuditLog.verify(tmp.resolve("node-watchful")).intact()).isTrue();
    }

    @Test
    void withTheOptionOffARepeatedStudyIsAcceptedByPolicyAsBefore() throws Exception {
        Study first = create("uni-research", List.of(open.nodeId()), ANALYSES);
        Study repeat = create("uni-research", List.of(open.nodeId()), ANALYSES);
        assertThat(contract(first, open).status()).isEqualTo("accepted");
        assertThat(contract(repeat, open).status()).isEqualTo("accepted");
        assertThat(contract(repeat, open).reason()).isEqualTo("accepted by the node's policy");
        assertThat(stewardApi(open, "GET", "/api/approvals", null, 200)).isEmpty();
    }

    private Study create(String organisation, List<String> on, Set<String> analyses) {
        return hub.studies().create(new StudyRequest(organisation + " " + on.size() + " " + new java.util.TreeSet<>(analyses),
                Purpose.HEALTHCARE_RESEARCH, organisation, on, analyses, true));
    }

    private static ContractState contract(Study s, NodeAgent n) {
        return s.contracts().stream().filter(c -> c.nodeId().equals(n.nodeId())).findFirst().orElseThrow();
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

    private JsonNode stewardApi(NodeAgent n, String method, String path, String body, int status) throws Exception {
        String token = Files.readString(n.dataDir().resolve(StewardToken.FILE)).strip();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.apiPort() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " -> " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static List<String> audit(Path dir, String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
