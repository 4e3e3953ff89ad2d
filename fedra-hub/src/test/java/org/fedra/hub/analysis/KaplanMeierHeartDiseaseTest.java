package org.fedra.hub.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedra.hub.Hub;
import org.fedra.hub.HeartDiseaseNodes;
import org.fedra.hub.HubConfig;
import org.fedra.hub.job.Job;
import org.fedra.hub.job.JobState;
import org.fedra.hub.study.Study;
import org.fedra.hub.study.StudyRequest;
import org.fedra.node.NodeAgent;
import org.fedra.privacy.disclosure.Rounding;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.study.Purpose;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of the analysis SPI, end to end: a federated Kaplan-Meier table of age at examination to heart
 * disease (num &gt; 0; patients without it censored at their age) over the Cleveland and Hungarian nodes, against the
 * same table computed here from the pooled CSV rows. At-risk and event counts are sums, so they are exact; the survival
 * curve and its Greenwood interval follow from them.
 */
class KaplanMeierHeartDiseaseTest {
    static final String REQUEST = "{\"time\": {\"name\": \"age\", \"system\": \"http://loinc.org\", \"code\": \"30525-0\", \"unit\": \"a\"},"
            + " \"event\": {\"name\": \"num\", \"system\": \"urn:fedra:codesystem:uci-heart-disease\", \"code\": \"num\"}, \"eventAbove\": 0,"
            + " \"edges\": [30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80]}";
    static final List<String> SITES = List.of("cleveland", "hungarian");

    @TempDir
    static Path tmp;
    static Hub hub;
    static final List<NodeAgent> nodes = new ArrayList<>();
    static Study study;

    @BeforeAll
    static void federation() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        for (String site : SITES) {
            nodes.add(HeartDiseaseNodes.start(hub, tmp.resolve("node-" + site), site));
        }
        study = hub.studies().create(new StudyRequest("Age at heart disease", Purpose.HEALTHCARE_RESEARCH, "uni-research",
                nodes.stream().map(NodeAgent::nodeId).toList(), Set.of("kaplan-meier"), false));
    }

    @AfterAll
    static void stop() {
        nodes.forEach(NodeAgent::close);
        if (hub != null) hub.close();
    }

    @Test
    void theFederatedTableEqualsThePooledOne() throws Exception {
        HttpResponse<String> submitted = api("POST", "/api/studies/" + study.id() + "/analyses/kaplan-meier", REQUEST);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        Job job = hub.jobs().await(JsonCodec.tree(submitted.body()).get("jobId").asText(), Duration.ofMinutes(2));
        assertThat(job.state()).as(job.failureMessage()).isEqualTo(JobState.SUCCEEDED);
        JsonNode table = job.result();
        System.out.println(table.toPrettyString());

        List<double[]> pooled = new ArrayList<>();
        for (String site : SITES) pooled.addAll(HeartDiseaseRows.completeRows(site, List.of("age", "num")));
        assertThat(table.get("n").asLong()).isEqualTo(Rounding.toBase(pooled.size(), 5));
        JsonNode rows = table.get("rows");
        assertThat(rows.size()).isGreaterThanOrEqualTo(4);
        double survival = 1;
        double greenwood = 0;
        double previousTo = 30;
        for (JsonNode row : rows) {
            double from = row.get("from").asDouble();
            double to = row.get("to").asDouble();
            assertThat(from).as("rows follow each other").isEqualTo(previousTo);
            previousTo = to;
            long atRisk = pooled.stream().filter(r -> r[0] >= from).count();
            long events = pooled.stream().filter(r -> r[1] > 0 && r[0] >= from && r[0] < to).count();
            assertThat(atRisk).isGreaterThanOrEqualTo(10);
            assertThat(events == 0 || events >= 10).as("a row holds no event or at least the minimum cell size").isTrue();
            assertThat(row.get("atRisk").asLong()).isEqualTo(Rounding.toBase(atRisk, 5));
            assertThat(row.get("events").asLong()).isEqualTo(Rounding.toBase(events, 5));
            survival *= 1 - (double) events / atRisk;
            greenwood += events == 0 ? 0 : (double) events / ((double) atRisk * (atRisk - events));
            assertThat(row.get("survival").asDouble()).isCloseTo(survival, within(1e-12));
            assertThat(row.get("standardError").asDouble()).isCloseTo(survival * Math.sqrt(greenwood), within(1e-12));
            assertThat(row.get("lower95").asDouble()).isLessThanOrEqualTo(survival).isGreaterThanOrEqualTo(0);
            assertThat(row.get("upper95").asDouble()).isGreaterThanOrEqualTo(survival).isLessThanOrEqualTo(1);
        }
        assertThat(survival).as("heart disease is common in these files").isLessThan(0.5);
        assertThat(hub.studies().releases(study.id())).singleElement().satisfies(r -> assertThat(r.analysis()).isEqualTo("kaplan-meier"));

        HttpResponse<String> bad = api("POST", "/api/studies/" + study.id() + "/analyses/kaplan-meier", REQUEST.replace("[30, 35, 40", "[30, 35, 35"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JsonCodec.tree(bad.body()).get("error").asText()).contains("$.edges[2]").contains("ascending");
    }

    static HttpResponse<String> api(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("Authorization", "Bearer " + hub.operatorToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
