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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.protocol.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: one organisation may create only so many studies per window on the hub. Beyond it the hub answers 429 with
 * a Retry-After and a JSON error naming the limit and when it resets, audits the refusal and creates nothing; other
 * organisations are not affected, and the next study fits once the window has moved on.
 */
class StudyRateLimitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLimitCountsTheStudiesInsideTheSlidingWindowAndSaysWhenTheNextOneFits() {
        StudyRateLimit limit = new StudyRateLimit(3, Duration.ofHours(1));
        List<Instant> created = List.of(T0.minusSeconds(4000), T0.plusSeconds(60), T0.plusSeconds(600), T0.plusSeconds(1200));
        assertThat(limit.check(created.subList(0, 3), T0.plusSeconds(1800))).isEmpty(); // the first is outside the window

        Optional<StudyRateLimit.Refusal> refused = limit.check(created, T0.plusSeconds(1800));
        assertThat(refused).isPresent();
        assertThat(refused.get().inWindow()).isEqualTo(3);
        assertThat(refused.get().resetsAt()).isEqualTo(T0.plusSeconds(60 + 3600)); // the oldest in the window leaves it
        assertThat(refused.get().retryAfterSeconds()).isEqualTo(3600 + 60 - 1800);
        assertThat(limit.check(created, T0.plusSeconds(3661))).isEmpty();
        // part of a second still to wait is a whole second of Retry-After
        assertThat(limit.check(created, T0.plusSeconds(3659).plusMillis(1)).orElseThrow().retryAfterSeconds()).isEqualTo(1);
        assertThat(limit.describe()).isEqualTo("3 studies per 1 hour");
        assertThat(new StudyRateLimit(1, Duration.ofMinutes(90)).describe()).isEqualTo("1 study per 90 minutes");

        assertThatThrownBy(() -> new StudyRateLimit(0, Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("study rate limit: the number of studies must be from 1 to 100000, not 0");
        assertThatThrownBy(() -> new StudyRateLimit(5, Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("study rate limit: the window must be from 1 second to 366 days, not PT0.5S");
    }

    @Test
    void anOrganisationBeyondItsLimitGets429WithRetryAfterAndTheRefusalIsAudited() throws Exception {
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500))
                .withStudyRateLimit(new StudyRateLimit(2, Duration.ofHours(1))));
             NodeAgent node = node(hub)) {
            JsonNode first = create(hub, node, "uni-research", 201);
            create(hub, node, "uni-research", 201);

            HttpResponse<String> refused = post(hub, node, "uni-research");
            assertThat(refused.statusCode()).isEqualTo(429);
            JsonNode body = JSON.readTree(refused.body());
            Instant resetsAt = Instant.parse(first.get("createdAt").asText()).plus(Duration.ofHours(1));
            long retryAfter = body.get("retryAfterSeconds").asLong();
            assertThat(Instant.parse(body.get("resetsAt").asText())).isEqualTo(resetsAt);
            assertThat(retryAfter).isBetween(3590L, 3600L);
            assertThat(refused.headers().firstValue("Retry-After")).contains(Long.toString(retryAfter));
            assertThat(body.get("organisation").asText()).isEqualTo("uni-research");
            assertThat(body.get("limit").asInt()).isEqualTo(2);
            assertThat(body.get("windowSeconds").asLong()).isEqualTo(3600);
            assertThat(body.get("error").asText()).isEqualTo("organisation uni-research has reached the hub's limit of 2 studies per 1 hour;"
                    + " the next study can be created at " + resetsAt + " (in " + retryAfter + " s)");

            // the same organisation spelled otherwise is the same organisation; another organisation has its own count
            assertThat(post(hub, node, "UNI-Research").statusCode()).isEqualTo(429);
            create(hub, node, "other-lab", 201);

            assertThat(hub.studies().list()).hasSize(3);
            List<String> audited = audit(tmp.resolve("hub"), "\"study.rate-limited\"");
            assertThat(audited).hasSize(2);
            assertThat(audited.get(0)).contains("uni-research").contains("2 studies per 1 hour");
            assertThat(audited.get(1)).contains("UNI-Research");
            assertThat(audit(tmp.resolve("hub"), "\"study.created\"")).hasSize(3);
        }
        assertThat(AuditLog.verify(tmp.resolve("hub")).intact()).isTrue();
    }

    @Test
    void theNextStudyFitsOnceTheOldestHasLeftTheWindow() throws Exception {
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500))
                .withStudyRateLimit(new StudyRateLimit(1, Duration.ofSeconds(2))));
             NodeAgent node = node(hub)) {
            create(hub, node, "uni-research", 201);
            HttpResponse<String> refused = post(hub, node, "uni-research");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
            Instant resetsAt = Instant.parse(JSON.readTree(refused.body()).get("resetsAt").asText());
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), resetsAt).toMillis()) + 50);
            create(hub, node, "uni-research", 201);
            assertThat(hub.studies().list()).hasSize(2);
        }
    }

    private NodeAgent node(Hub hub) throws Exception {
        NodeAgent n = NodeAgent.start(NodeConfig.of(tmp.resolve("node"), "localhost:" + hub.grpcPort(),
                        hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", 0), TaskHandlers.withBuiltIns());
        assertThat(n.awaitConnected(Duration.ofSeconds(20))).isTrue();
        return n;
    }

    private JsonNode create(Hub hub, NodeAgent node, String organisation, int status) throws Exception {
        HttpResponse<String> r = post(hub, node, organisation);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> post(Hub hub, NodeAgent node, String organisation) throws Exception {
        String body = "{\"title\": \"Statins\", \"purpose\": \"HRESCH\", \"organisation\": \"" + organisation + "\", \"nodes\": [\""
                + node.nodeId() + "\"], \"analyses\": [\"feasibility\"]}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/studies"))
                .header("Authorization", "Bearer " + hub.operatorToken()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> audit(Path dir, String action) throws java.io.IOException {
        return Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).toList();
    }
}
