package org.fedra.node.onboarding.dicom;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few calls of Orthanc's REST API the node needs, over plain HTTP(S). */
public final class OrthancClient {
    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    /** @param base e.g. {@code http://localhost:8042/} */
    public OrthancClient(URI base, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.timeout = timeout;
        // HTTP/1.1 only: Orthanc's embedded web server does not speak HTTP/2, and an h2c upgrade attempt can get the
        // connection dropped.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** Orthanc ids of all studies. */
    public List<String> studies() {
        return strings(json("studies"));
    }

    public JsonNode study(String id) {
        return json("studies/" + id);
    }

    public JsonNode series(String id) {
        return json("series/" + id);
    }

    /** The instance's stored file exactly as received. */
    public byte[] instanceFile(String id) {
        return send(HttpRequest.newBuilder(base.resolve("instances/" + id + "/file")).timeout(timeout).GET().build(), "instances/" + id + "/file");
    }

    /** MD5 of the stored file (lets a resumed import tell a replaced instance from one already imported). */
    public String instanceMd5(String id) {
        return new String(send(HttpRequest.newBuilder(base.resolve("instances/" + id + "/attachments/dicom/md5")).timeout(timeout).GET().build(),
                "md5 of instance " + id), StandardCharsets.US_ASCII).trim();
    }

    /** Stores a DICOM file in Orthanc; returns Orthanc's answer (ID, Status, ParentStudy...). */
    public JsonNode upload(byte[] dicom) {
        return parse(send(HttpRequest.newBuilder(base.resolve("instances")).timeout(timeout)
                .header("Content-Type", "application/dicom").POST(HttpRequest.BodyPublishers.ofByteArray(dicom)).build(), "instances"));
    }

    /** Orthanc ids of the instances with this SOP Instance UID (usually one; none when Orthanc does not hold it). */
    public List<String> lookupInstance(String sopInstanceUid) {
        JsonNode found = parse(send(HttpRequest.newBuilder(base.resolve("tools/lookup")).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(), "tools/lookup"));
        List<String> ids = new ArrayList<>();
        found.forEach(n -> {
            if ("Instance".equals(n.path("Type").asText())) ids.add(n.path("ID").asText());
        });
        return ids;
    }

    /**
     * The instance's first frame decoded by Orthanc as a NumPy {@code .npy} array (Orthanc 1.10+), rescaled by slope and
     * intercept to float32: how the node reads compressed pixel data without a decoder of its own.
     */
    public byte[] instanceNumpy(String id) {
        String path = "instances/" + id + "/frames/0/numpy?rescale=true";
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(), path);
    }

    public void deleteInstance(String id) {
        send(HttpRequest.newBuilder(base.resolve("instances/" + id)).timeout(timeout).DELETE().build(), "instances/" + id);
    }

    private JsonNode json(String path) {
        return parse(send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(), path));
    }

    private byte[] send(HttpRequest request, String what) {
        HttpResponse<byte[]> r;
        try {
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException firstAttempt) {
                // once more on a fresh connection: a pooled keep-alive connection may have been closed by the server
                // (every call here is idempotent; Orthanc answers a repeated upload with AlreadyStored)
                r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            throw new OrthancUnavailableException("Orthanc at " + base + " is unreachable (" + what + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrthancUnavailableException("interrupted while calling Orthanc at " + base, e);
        }
        if (r.statusCode() / 100 != 2) {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            throw new OrthancException(r.statusCode(), "Orthanc refused " + request.method() + " " + what + " with HTTP " + r.statusCode()
                    + (body.isBlank() ? "" : ": " + body.replaceAll("\\s+", " ").trim()));
        }
        return r.body();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new OrthancException(200, "Orthanc answered with something that is not JSON: " + e.getMessage());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
