package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.fedra.protocol.pki.EnrolmentToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    Hub hub;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp).withBindAddress("127.0.0.1"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            b.header("Authorization", "Bearer " + hub.operatorToken());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyDocumentedRouteExists() throws Exception {
        JsonNode doc = JSON.readTree(call("GET", "/api/openapi.json", null, false).body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<String> methods = p.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                String path = p.getKey().replace("{id}", "node-unknown");
                HttpResponse<String> r = call(method, path, method.equals("POST") ? "{}" : null, true);
                assertThat(r.body()).as(method + " " + path).doesNotContain("no such route");
                checked++;
            }
        }
        // 22 hand-written routes, 8 of continuous trust (issue 15: quarantine, alerts, paths and reservations), one analysis route per registered analysis type, and the 4
        // job routes (issue 12)
        assertThat(checked).isEqualTo(22 + 8 + org.fedra.protocol.analysis.spi.AnalysisTypes.all().size() + 4);
        assertThat(call("GET", "/api/nothing-here", null, true).body()).contains("no such route");
    }

    @Test
    void operatorTokenIsRequired() throws Exception {
        HttpResponse<String> r = call("GET", "/api/nodes", null, false);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("operator token");
        assertThat(call("GET", "/api/health", null, false).statusCode()).isEqualTo(200);
    }

    @Test
    void enrolmentTokenOverTheApi() throws Exception {
        HttpResponse<String> r = call("POST", "/api/enrolments", "{\"organisation\":\"Hospital A\",\"validMinutes\":5}", true);
        assertThat(r.statusCode()).isEqualTo(201);
        EnrolmentToken t = EnrolmentToken.decode(JSON.readTree(r.body()).get("token").asText());
        assertThat(t.organisation()).isEqualTo("Hospital A");
        assertThat(t.caFingerprint()).isEqualTo(org.fedra.protocol.pki.Certificates.fingerprint(hub.caCertificate()));
    }

    @Test
    void badInputGets4xxWithTheReason() throws Exception {
        HttpResponse<String> noOrg = call("POST", "/api/enrolments", "{}", true);
        assertThat(noOrg.statusCode()).isEqualTo(400);
        assertThat(noOrg.body()).contains("'organisation' is required");
        assertThat(call("POST", "/api/enrolments", "{not json", true).statusCode()).isEqualTo(400);
        HttpResponse<String> badType = call("POST", "/api/tasks", "{\"type\":\"Bad Type!\",\"nodes\":[\"x\"]}", true);
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("task type must be");
        assertThat(call("POST", "/api/nodes/node-x/revoke", "{}", true).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/enrolments", "{\"organisation\":\"A\",\"validMinutes\":0}", true).statusCode()).isEqualTo(400);
    }
}
