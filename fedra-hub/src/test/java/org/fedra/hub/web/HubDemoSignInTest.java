package org.fedra.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's sign-in to the hub's pages ({@code fedra demo --keep}): the visitor chooses operator or researcher and gets
 * that role's pages and no other's; a forced sign-in from another site is refused; a hub not started for the demo has
 * no such route.
 */
class HubDemoSignInTest {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theDemoHubLetsTheVisitorChooseOperatorOrResearcherAndKeepsTheRolesApart(@TempDir Path tmp) throws Exception {
        int port = freePort();
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1").withPorts(0, port).withDemoSignIn())) {
            String base = "http://127.0.0.1:" + port;
            String origin = "http://localhost:" + port;

            HttpResponse<String> form = get(base + "/auth/demo", null);
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("Demo sign-in", "Sign in as a researcher", "Sign in as the operator");
            assertThat(get(base + "/auth/login", null).headers().firstValue("Location")).contains("/auth/demo");
            // the pages' one stylesheet: the base rules shared with the nodes' pages, then the hub's own
            String css = get(base + "/static/hub.css", null).body();
            assertThat(css).contains(".request form { display: inline-block; margin: 0; }", "fieldset.criterion");
            assertThat(css.indexOf(".request form")).isLessThan(css.indexOf("fieldset.criterion"));

            HttpResponse<String> researcher = post(base + "/auth/demo", "as=researcher", origin);
            assertThat(researcher.statusCode()).isEqualTo(302);
            assertThat(researcher.headers().firstValue("Location")).contains("/research");
            String researcherCookie = sessionCookie(researcher).orElseThrow();
            HttpResponse<String> workspace = get(base + "/research", researcherCookie);
            assertThat(workspace.statusCode()).isEqualTo(200);
            assertThat(workspace.body()).contains("Demo Researcher");
            assertThat(get(base + "/operator", researcherCookie).statusCode()).isEqualTo(403);

            HttpResponse<String> operator = post(base + "/auth/demo", "as=operator", origin);
            String operatorCookie = sessionCookie(operator).orElseThrow();
            assertThat(get(base + "/operator", operatorCookie).statusCode()).isEqualTo(200);

            HttpResponse<String> forced = post(base + "/auth/demo", "as=operator", "http://evil.example");
            assertThat(forced.statusCode()).isEqualTo(403);
            assertThat(sessionCookie(forced)).isEmpty();

            HttpResponse<String> nobody = post(base + "/auth/demo", "as=superuser", origin);
            assertThat(nobody.statusCode()).isEqualTo(400);
            assertThat(nobody.body()).contains("Sign in as a researcher or as the operator.");
            assertThat(sessionCookie(nobody)).isEmpty();
        }
    }

    @Test
    void aHubNotStartedForTheDemoHasNoDemoSignIn(@TempDir Path tmp) throws Exception {
        try (Hub hub = Hub.start(HubConfig.defaults(tmp.resolve("hub")).withBindAddress("127.0.0.1"))) {
            String base = "http://127.0.0.1:" + hub.httpPort();
            assertThat(get(base + "/auth/demo", null).statusCode()).isEqualTo(404);
            assertThat(post(base + "/auth/demo", "as=operator", "http://localhost:" + hub.httpPort()).statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> sessionCookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(HubSignIn.SESSION_COOKIE + "=") && !c.startsWith(HubSignIn.SESSION_COOKIE + "=;"))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
