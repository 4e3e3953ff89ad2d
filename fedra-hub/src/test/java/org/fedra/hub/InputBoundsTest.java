package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.fedra.protocol.json.JsonCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 finding 12: {@code validMinutes: 1e300} gave HTTP 500 and {@code "abc"} silently 60; newlines and control
 * characters in organisation names and revocation reasons forged lines in logs and CLI output.
 */
class InputBoundsTest {
    @TempDir
    Path tmp;
    private Hub hub;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("Authorization", "Bearer " + hub.operatorToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> r) throws Exception {
        JsonNode n = JsonCodec.MAPPER.readTree(r.body());
        return n.path("error").asText();
    }

    @Test
    void enrolmentValidityIsAWholeNumberOfMinutesWithinItsBound() throws Exception {
        for (String value : new String[] {"1e300", "\"abc\"", "0", "43201", "2.5", "-1"}) {
            HttpResponse<String> r = post("/api/enrolments", "{\"organisation\": \"Hospital A\", \"validMinutes\": " + value + "}");
            assertThat(r.statusCode()).as(value).isEqualTo(400);
            assertThat(error(r)).as(value).startsWith("validMinutes must be a whole number between 1 and 43200, was ");
        }
        assertThat(error(post("/api/enrolments", "{\"organisation\": \"Hospital A\", \"validMinutes\": \"abc\"}")))
                .isEqualTo("validMinutes must be a whole number between 1 and 43200, was \"abc\"");
        HttpResponse<String> ok = post("/api/enrolments", "{\"organisation\": \"Hospital A\", \"validMinutes\": 43200}");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(post("/api/enrolments", "{\"organisation\": \"Hospital A\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void organisationNamesCannotForgeOrDisguiseLines() throws Exception {
        String[] forged = {"Hospital A\\n2026-01-01 INFO node n-1 (Hospital B) enrolled", "Hospital\\u0007", "Hospital \\u202Eevil",
                "Hospital\\u2028B", "Hospital\\rB"};
        for (String name : forged) {
            HttpResponse<String> r = post("/api/enrolments", "{\"organisation\": \"" + name + "\"}");
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(error(r)).as(name).startsWith("organisation must not contain control, line-break or bidirectional-override characters (found U+");
        }
        HttpResponse<String> tooLong = post("/api/enrolments", "{\"organisation\": \"" + "x".repeat(201) + "\"}");
        assertThat(error(tooLong)).isEqualTo("organisation must be at most 200 characters, was 201");
        assertThat(post("/api/enrolments", "{\"organisation\": \"Hôpital Saint-Éloi (Montpellier)\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void revocationReasonsCannotForgeLinesAndTaskDeadlinesAreBounded() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub.revoke("n-nobody", "compromised\n2026-01-01 node n-2 revoked"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reason must not contain control, line-break or bidirectional-override characters (found U+000A at position 12)");
        HttpResponse<String> task = post("/api/tasks", "{\"type\": \"echo\", \"nodes\": [], \"deadlineSeconds\": \"abc\"}");
        assertThat(task.statusCode()).isEqualTo(400);
        assertThat(error(task)).isEqualTo("deadlineSeconds must be a whole number between 1 and 3600, was \"abc\"");
        HttpResponse<String> huge = post("/api/tasks", "{\"type\": \"echo\", \"nodes\": [], \"deadlineSeconds\": 1e300}");
        assertThat(error(huge)).isEqualTo("deadlineSeconds must be a whole number between 1 and 3600, was 1.0E300");
    }
}
