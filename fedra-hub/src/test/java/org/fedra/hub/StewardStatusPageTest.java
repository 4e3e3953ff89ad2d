package org.fedra.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steward console's node status on a real node enrolled at a real hub over mutual TLS (signed in with the demo's
 * sign-in, which only a node started for the demo has): connected, to which hub, and the certificate's expiry from the
 * federation CA; once the hub is gone, not connected.
 */
class StewardStatusPageTest {
    @TempDir
    Path tmp;

    @Test
    void theStatusPageShowsTheHubConnectionAndTheCertificateExpiry() throws Exception {
        Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withHeartbeatInterval(Duration.ofMillis(500)));
        NodeAgent node = null;
        try {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            node = NodeAgent.start(NodeConfig.of(tmp.resolve("node"), "localhost:" + hub.grpcPort(), hub.issueToken("Hospital A", Duration.ofMinutes(5)).encode())
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).withApi("127.0.0.1", port).withDemoSignIn(), TaskHandlers.withBuiltIns());
            assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://localhost:" + port;
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/demo")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("as=steward")).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = signIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("fedra_session=")).findFirst().orElseThrow();
            cookie = cookie.substring(0, cookie.indexOf(';'));
            String page = get(http, base + "/steward/status", cookie);
            assertThat(page).contains("<dt>Node</dt><dd>" + node.nodeId() + "</dd>", "<dt>Hub</dt><dd>localhost:" + hub.grpcPort() + "</dd>",
                    "<dd id=\"connection\" class=\"ok\">connected</dd>");
            java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(java.nio.file.Files.newInputStream(tmp.resolve("node").resolve("node-cert.pem")));
            assertThat(page).contains(java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH)
                    .withZone(java.time.ZoneOffset.UTC).format(cert.getNotAfter().toInstant()));

            hub.close();
            hub = null;
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!page.contains("not connected") && System.nanoTime() < until) {
                Thread.sleep(100);
                page = get(http, base + "/steward/status", cookie);
            }
            assertThat(page).contains("<dd id=\"connection\" class=\"error\">not connected (the node keeps retrying)</dd>");
        } finally {
            if (node != null) node.close();
            if (hub != null) hub.close();
        }
    }

    private static String get(HttpClient http, String url, String cookie) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
