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
    /** The hub (or node API) could not be reached, or refused who we are (exit code 4). */
    static final class HubRequestException extends RuntimeException {
        HubRequestException(String message) {
            super(message);
        }
    }

    /**
     * The request was sound and reached the hub, but what it asked for produced no result: an analysis job failed or
     * was cancelled, the state did not allow it (a job already over), or the hub failed (exit code 1).
     */
    static final class NoResultException extends RuntimeException {
        NoResultException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = JsonCodec.MAPPER;
    private final HttpClient http;
    private final String baseUrl;
    private final String token;
    private final String what;
    /** Where the CA the hub is verified against came from, for the error when it does not verify; null: the JVM's. */
    private final String caSource;

    HubClient(String baseUrl, String token) {
        this(baseUrl, token, "the hub");
    }

    /** A client of the API at {@code baseUrl}; {@code what} names it in errors ("the hub", "the node's steward API"). */
    HubClient(String baseUrl, String token, String what) {
        this(baseUrl, token, null, null, what);
    }

    /**
     * @param ca       the federation CA an {@code https} hub must present a certificate of; null: the JVM's trusted CAs
     * @param caSource where {@code ca} was read from (for error messages)
     */
    HubClient(String baseUrl, String token, java.security.cert.X509Certificate ca, String caSource) {
        this(baseUrl, token, ca, caSource, "the hub");
    }

    private HubClient(String baseUrl, String token, java.security.cert.X509Certificate ca, String caSource, String what) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.what = what;
        this.caSource = caSource;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ca != null) {
            b.sslContext(trusting(ca));
        }
        this.http = b.build();
    }

    /** Finds the running hub of a data directory (its recorded HTTP port and whether it speaks TLS, its CA, its operator token). */
    static HubClient forDataDir(Path dir, String hubUrl, String token) {
        return forDataDir(dir, hubUrl, token, null);
    }

    /**
     * Finds the hub: {@code hubUrl} or the one recorded in {@code dir}; verified against the CA in {@code caFile}, else
     * the data directory's {@code ca-cert.pem}, else the JVM's trusted CAs.
     */
    static HubClient forDataDir(Path dir, String hubUrl, String token, Path caFile) {
        java.security.cert.X509Certificate ca = null;
        String caSource = null;
        Path dirCa = dir.resolve("ca-cert.pem");
        if (caFile != null) {
            ca = org.fedra.protocol.pki.Pem.readCertificate(caFile);
            caSource = caFile.toString();
        } else if (Files.isRegularFile(dirCa)) {
            ca = org.fedra.protocol.pki.Pem.readCertificate(dirCa);
            caSource = dirCa.toString();
        }
        if (hubUrl != null && token != null) {
            return new HubClient(hubUrl, token, ca, caSource);
        }
        Path ports = dir.resolve(HubDataDir.PORTS_FILE);
        Path tokenFile = dir.resolve(HubDataDir.OPERATOR_TOKEN);
        if (!Files.isRegularFile(ports) || !Files.isRegularFile(tokenFile)) {
            throw new CorruptFileException(dir, "is not the data directory of a started hub (no " + HubDataDir.PORTS_FILE + " or "
                    + HubDataDir.OPERATOR_TOKEN + "); pass --data-dir of the hub, or --hub-url and --token");
        }
        try {
            JsonNode recorded = JSON.readTree(ports.toFile());
            int port = recorded.path("httpPort").asInt();
            String scheme = recorded.path("httpTls").asBoolean(false) ? "https" : "http";
            return new HubClient(hubUrl != null ? hubUrl : scheme + "://127.0.0.1:" + port, token != null ? token : Files.readString(tokenFile).trim(),
                    ca, caSource);
        } catch (IOException e) {
            throw new CorruptFileException(ports, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** A TLS context that trusts exactly one CA: the federation's. */
    private static javax.net.ssl.SSLContext trusting(java.security.cert.X509Certificate ca) {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("federation-ca", ca);
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the federation CA: " + e.getMessage(), e);
        }
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode put(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    /** Posts a file as it is (the hub reads and checks it: an OSV feed, a topology). */
    JsonNode postBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
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
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoResultException("interrupted");
        }
        if (r.statusCode() >= 400) {
            String text = String.join("\n", r.body().toList());
            String msg;
            try {
                msg = JSON.readTree(text).path("error").asText("HTTP " + r.statusCode());
            } catch (IOException e) {
                msg = "HTTP " + r.statusCode();
            }
            throw failure(r.statusCode(), msg);
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
                        throw new NoResultException("the hub sent an event that is not JSON");
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
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoResultException("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new NoResultException("the API at " + baseUrl + " answered " + r.statusCode() + " with a body that is not JSON: is it a Fedra hub?");
        }
        if (r.statusCode() >= 400) {
            throw failure(r.statusCode(), body.path("error").asText("HTTP " + r.statusCode()));
        }
        return body;
    }

    /**
     * An error answer as the exception whose exit code fits it: 401/403 the hub refused us (4); 409, 429 and 5xx the
     * request was sound but produced no result (1: no node accepted, a node dropped out, a job already over, a rate
     * limit reached, whose message says when to try again); any other 4xx the request was wrong (2: bad input, unknown
     * study or job).
     */
    static RuntimeException failure(int status, String message) {
        if (status == 401 || status == 403) {
            return new HubRequestException(message);
        }
        if (status == 409 || status == 429 || status >= 500) {
            return new NoResultException(message);
        }
        return new IllegalArgumentException(message);
    }

    /** Why the API could not be reached, in words (no exception class names). */
    private HubRequestException unreachable(IOException e) {
        if (e instanceof javax.net.ssl.SSLHandshakeException || e.getCause() instanceof javax.net.ssl.SSLHandshakeException) {
            return new HubRequestException(what + " at " + baseUrl + " is not the one expected: its certificate does not verify against "
                    + (caSource == null ? "the system's trusted CAs; pass --ca FILE (the federation's ca-cert.pem)" : "the federation CA in " + caSource)
                    + " (" + e.getMessage() + ")");
        }
        if (baseUrl.startsWith("http://") && e.getMessage() != null && e.getMessage().contains("header parser received no bytes")) {
            return new HubRequestException(what + " at " + baseUrl + " did not answer plain HTTP; it probably speaks TLS: use https://");
        }
        String why;
        if (e instanceof java.net.ConnectException) {
            why = "nothing answers there (connection refused): is it running, and is the address right?";
        } else if (e instanceof java.net.http.HttpConnectTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            why = "no answer in time: is the address right, and does a firewall let the connection through?";
        } else if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.nio.channels.UnresolvedAddressException) {
            why = "the host name is unknown";
        } else if (e instanceof javax.net.ssl.SSLException) {
            why = "the TLS handshake failed (" + (e.getMessage() == null ? "no detail" : e.getMessage()) + ")";
        } else {
            why = e.getMessage() == null ? "the connection failed" : "the connection failed (" + e.getMessage() + ")";
        }
        return new HubRequestException("cannot reach " + what + " at " + baseUrl + ": " + why);
    }
}
