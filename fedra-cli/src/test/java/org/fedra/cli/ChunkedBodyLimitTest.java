package org.fedra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeData;
import org.fedra.node.api.NodeApi;
import org.fedra.node.api.StewardToken;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.audit.Principal;
import org.fedra.protocol.pki.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 finding 11: chunked request bodies bypassed the size limits (hub 64 MB, steward 1 MB); 2.3 GB chunked drove
 * the hub out of memory. Both APIs now answer 413 before reading past their limit, and keep serving.
 */
class ChunkedBodyLimitTest {
    @TempDir
    Path tmp;

    @Test
    void theHubRefusesAnOversizedChunkedBodyAndStaysHealthy() throws Exception {
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"))) {
            String auth = "Authorization: Bearer " + hub.operatorToken() + "\r\n";
            // four times the limit, sent in 1 MB chunks with no Content-Length
            String refused = chunked(hub.httpPort(), "/api/enrolments", auth, 4 * (64 << 20));
            assertThat(refused).startsWith("HTTP/1.1 413").contains("request body larger than 67108864 bytes");

            String small = chunked(hub.httpPort(), "/api/enrolments", auth, "{\"organisation\": \"Hospital A\", \"validMinutes\": 5}");
            assertThat(small).startsWith("HTTP/1.1 201").contains("\"organisation\":\"Hospital A\"");
            assertThat(get(hub.httpPort(), "/api/health", "")).startsWith("HTTP/1.1 200").contains("\"status\":\"ok\"");
        }
    }

    @Test
    void theStewardApiRefusesAnOversizedChunkedBodyAndStaysHealthy() throws Exception {
        Path dir = tmp.resolve("node");
        try (NodeData data = NodeData.open(dir, Clock.systemUTC())) {
            AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), Clock.systemUTC(), Principal.node("node-test"));
            NodeApi api = NodeApi.start(data.layer(), dir, audit, "127.0.0.1", 0);
            try {
                String auth = "Authorization: Bearer " + StewardToken.loadOrCreate(dir) + "\r\n";
                String refused = chunked(api.port(), "/api/patients/urn%3Ax%7C1/withdraw", auth, 300 << 20);
                assertThat(refused).startsWith("HTTP/1.1 413").contains("request body larger than 1048576 bytes");
                assertThat(get(api.port(), "/api/inventory", auth)).startsWith("HTTP/1.1 200");
            } finally {
                api.stop();
            }
        }
    }

    /** Posts {@code bytes} of JSON-ish filler in 1 MB chunks; returns the response as far as it came. */
    private static String chunked(int port, String path, String headers, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) ' ');
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < bytes; sent += chunk.length) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server answered and closed the connection before the body ended: read what it said
            }
            return response(s.getInputStream());
        }
    }

    private static String chunked(int port, String path, String headers, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return response(s.getInputStream());
        }
    }

    private static String get(int port, String path, String headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return response(s.getInputStream());
        }
    }

    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // a reset after the response: what arrived is the answer
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
