package org.fedra.cli;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fedra.hub.HubDataDir;
import org.fedra.protocol.pki.CorruptFileException;

/** Talks to a running hub's HTTP API as the operator. */
final class HubClient {
    /** The hub answered with an error, or could not be reached. */
    static final class HubRequestException extends RuntimeException {
        HubRequestException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    HubClient(String baseUrl, String token) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    /** Finds the running hub of a data directory (its recorded HTTP port and operator token). */
    static HubClient forDataDir(Path dir, String hubUrl, String token) {
        if (hubUrl != null && token != null) {
            return new HubClient(hubUrl, token);
        }
        Path ports = dir.resolve(HubDataDir.PORTS_FILE);
        Path tokenFile = dir.resolve(HubDataDir.OPERATOR_TOKEN);
        if (!Files.isRegularFile(ports) || !Files.isRegularFile(tokenFile)) {
            throw new CorruptFileException(dir, "is not the data directory of a started hub (no " + HubDataDir.PORTS_FILE + " or "
                    + HubDataDir.OPERATOR_TOKEN + "); pass --data-dir of the hub, or --hub-url and --token");
        }
        try {
            int port = JSON.readTree(ports.toFile()).path("httpPort").asInt();
            return new HubClient(hubUrl != null ? hubUrl : "http://127.0.0.1:" + port, token != null ? token : Files.readString(tokenFile).trim());
        } catch (IOException e) {
            throw new CorruptFileException(ports, "cannot be read: " + e.getMessage(), e);
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /**
     * Follows a server-sent event stream ({@code GET path}) until it ends or {@code onEvent} returns false; each event's
     * data is parsed as JSON.
     */
    void events(String path, java.util.function.Predicate<JsonNode> onEvent) {
        HttpResponse<java.util.stream.Stream<String>> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new HubRequestException("cannot reach the hub's API at " + baseUrl + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubRequestException("interrupted");
        }
        if (r.statusCode() >= 400) {
            String text = String.join("\n", r.body().toList());
            String msg;
            try {
                msg = JSON.readTree(text).path("error").asText("HTTP " + r.statusCode());
            } catch (IOException e) {
                msg = "HTTP " + r.statusCode();
            }
            throw r.statusCode() == 404 ? new IllegalArgumentException(msg) : new HubRequestException(msg);
        }
        try (java.util.stream.Stream<String> lines = r.body()) {
            StringBuilder data = new StringBuilder();
            for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && data.length() > 0) {
                    JsonNode event;
                    try {
                        event = JSON.readTree(data.toString());
                    } catch (IOException e) {
                        throw new HubRequestException("the hub sent an event that is not JSON");
                    }
                    data.setLength(0);
                    if (!onEvent.test(event)) {
                        return;
                    }
                }
            }
        }
    }

    private JsonNode send(HttpRequest.Builder b) {
        HttpResponse<String> r;
        try {
            r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new HubRequestException("cannot reach the hub's API at " + baseUrl + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubRequestException("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new HubRequestException("the hub answered " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() >= 400) {
            String msg = body.path("error").asText("HTTP " + r.statusCode());
            // 409: the request was sound but the federation could not carry it out (no node accepted, a node dropped out)
            if (r.statusCode() < 500 && r.statusCode() != 401 && r.statusCode() != 403 && r.statusCode() != 409) {
                throw new IllegalArgumentException(msg);
            }
            throw new HubRequestException(msg);
        }
        return body;
    }
}
