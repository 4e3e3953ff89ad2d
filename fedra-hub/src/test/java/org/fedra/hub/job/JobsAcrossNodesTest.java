package org.fedra.hub.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fedra.hub.Hub;
import org.fedra.hub.HeartDiseaseNodes;
import org.fedra.hub.HubConfig;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.failure.FailureReason;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of jobs over a real hub and two real nodes (the Cleveland and Hungarian heart-disease files, every patient
 * consenting to research): a regression over the API is a job whose events show its progress step by step, and a
 * regression cancelled mid-way stops on every node and releases nothing.
 */
class JobsAcrossNodesTest {
    static final String REGRESSION = "{\"family\": \"logistic\", \"outcome\": {\"name\": \"num\", \"system\": \"urn:fedra:codesystem:uci-heart-disease\","
            + " \"code\": \"num\"}, \"outcomeAbove\": 0, \"predictors\": [{\"name\": \"age\", \"system\": \"http://loinc.org\", \"code\": \"30525-0\","
            + " \"unit\": \"a\"}, {\"name\": \"sex\", \"patient\": \"sex\"}]}";

    @TempDir
    static Path tmp;
    static Hub hub;
    static final Map<String, NodeAgent> nodes = new LinkedHashMap<>();
    static Study study;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void federation() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        for (String site : List.of("cleveland", "hungarian")) {
            nodes.put(site, HeartDiseaseNodes.start(hub, tmp.resolve("node-" + site), site));
        }
        study = hub.studies().create(new StudyRequest("Heart disease jobs", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.values().stream().map(NodeAgent::nodeId).toList(), Set.of("regression"), false));
        assertThat(study.acceptedNodes()).hasSize(2);
    }

    @AfterAll
    static void stop() {
        nodes.values().forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void aRegressionOverTheApiIsAJobWhoseEventsShowItsProgress() throws Exception {
        HttpResponse<String> submitted = call("POST", "/api/studies/" + study.id() + "/analyses/regression", REGRESSION);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode job = JsonCodec.tree(submitted.body());
        String id = job.get("jobId").asText();
        assertThat(job.get("analysis").asText()).isEqualTo("regression");
        assertThat(job.at("/links/events").asText()).isEqualTo("/api/jobs/" + id + "/events");

        List<JsonNode> events = events(id);
        assertThat(events).first().satisfies(e -> assertThat(e.get("state").asText()).isEqualTo("queued"));
        assertThat(events).last().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("state");
            assertThat(e.get("state").asText()).isEqualTo("succeeded");
        });
        assertThat(events).extracting(e -> e.path("step").asText()).contains("secagg.keys", "secagg.shares", "secagg.masked", "secagg.unmask");
        assertThat(events).filteredOn(e -> e.get("kind").asText().equals("progress"))
                .anySatisfy(e -> assertThat(e.get("message").asText()).startsWith("Newton evaluation 1"));
        long newton = events.stream().filter(e -> e.get("kind").asText().equals("progress")).count();
        assertThat(events.stream().filter(e -> "secagg.keys".equals(e.path("step").asText())).count()).isEqualTo(newton);
        assertThat(events).extracting(e -> e.get("sequence").asLong()).isSorted().doesNotHaveDuplicates();

        JsonNode done = JsonCodec.tree(call("GET", "/api/jobs/" + id, null).body());
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
        assertThat(done.at("/result/coefficients")).hasSize(3);
        assertThat(done.at("/result/converged").asBoolean()).isTrue();
        long sequence = done.get("releaseSequence").asLong();
        assertThat(hub.studies().releases(study.id())).anySatisfy(r -> {
            assertThat(r.sequence()).isEqualTo(sequence);
            assertThat(JsonCodec.tree(r.figures())).isEqualTo(done.get("result"));
        });
        assertThat(JsonCodec.tree(call("GET", "/api/jobs?study=" + study.id(), null).body())).extracting(j -> j.get("jobId").asText()).contains(id);
        // the events of a finished job can still be read: they end with its last state
        assertThat(events(id)).last().satisfies(e -> assertThat(e.get("state").asText()).isEqualTo("succeeded"));
        assertThat(call("GET", "/api/jobs/job-none", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/jobs/job-none/events", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/jobs/" + id + "/cancel", "{}").statusCode()).as("a finished job cannot be cancelled").isEqualTo(409);
        HttpResponse<String> bad = call("POST", "/api/studies/" + study.id() + "/analyses/regression", "{\"family\": \"poisson\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JsonCodec.tree(bad.body()).get("error").asText()).contains("$.family");
        assertThat(call("POST", "/api/studies/" + study.id() + "/analyses/mining", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void cancellingARegressionMidwayStopsEveryNodesWorkAndReleasesNothing() throws Exception {
        for (Job other : hub.jobs().list(study.id())) {
            hub.jobs().await(other.id(), Duration.ofMinutes(2)); // what another job releases is not this one's
        }
        Map<String, Long> releasesBefore = new LinkedHashMap<>();
        for (NodeAgent n : nodes.values()) releasesBefore.put(n.nodeId(), auditLines(n, "\"secagg.release\""));
        int studyReleases = hub.studies().releases(study.id()).size();

        CompletableFuture<String> jobId = new CompletableFuture<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        Job submitted = hub.jobs().submit(JobRequest.of(study.id(), "regression", JsonCodec.tree(REGRESSION), Principal.researcher("uni-research")),
                event -> {
                    // mid-way: the nodes have opened their secure-sum round (keys sent) and hold their vectors
                    if ("secagg.shares".equals(event.step()) && cancelled.compareAndSet(false, true)) {
                        hub.jobs().cancel(jobId.join(), Principal.operator(""), "the researcher changed their mind");
                    }
                });
        jobId.complete(submitted.id());
        Job job = hub.jobs().await(submitted.id(), Duration.ofMinutes(2));

        assertThat(cancelled).isTrue();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.failureReason()).isEqualTo(FailureReason.CANCELLED);
        assertThat(job.failureMessage()).contains("the researcher changed their mind").contains("nothing more was released");
        assertThat(job.result()).isNull();
        assertThat(hub.studies().releases(study.id())).hasSize(studyReleases);
        for (NodeAgent n : nodes.values()) {
            // every node heard of the cancel, closed the job's round and released nothing of it
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((n.pipeline().sessions().open() > 0 || auditLines(n, "\"task.cancelled\"") == 0) && System.nanoTime() < until) Thread.sleep(20);
            assertThat(n.pipeline().sessions().open()).as(n.nodeId()).isZero();
            assertThat(auditLines(n, "\"task.cancelled\"")).as(n.nodeId()).isPositive();
            assertThat(auditLines(n, "\"secagg.release\"")).as(n.nodeId()).isEqualTo(releasesBefore.get(n.nodeId()));
            assertThat(n.pipeline().running()).isZero();
            try (Connection c = n.dataSource().getConnection();
                 ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM node_tasks WHERE status = 'running'")) {
                r.next();
                assertThat(r.getLong(1)).as("tasks still running on " + n.nodeId()).isZero();
            }
            assertThat(AuditLog.verify(n.dataDir()).intact()).isTrue();
        }
        assertThat(Files.readAllLines(tmp.resolve("hub").resolve(AuditLog.LOG_FILE))).anySatisfy(l -> assertThat(l).contains("\"job.cancelled\"")
                .contains(submitted.id()).contains("operator"));
    }

    private List<JsonNode> events(String id) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                + "/api/jobs/" + id + "/events")).header("Authorization", "Bearer " + hub.operatorToken()).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> out = new ArrayList<>();
        try (var lines = r.body()) {
            lines.filter(l -> l.startsWith("data:")).forEach(l -> out.add(JsonCodec.tree(l.substring(5).strip())));
        }
        return out;
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path)).header("Authorization", "Bearer " + hub.operatorToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long auditLines(NodeAgent n, String action) throws Exception {
        return Files.readAllLines(n.dataDir().resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains(action)).count();
    }
}
