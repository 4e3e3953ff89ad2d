package org.fedra.node.web;

import org.fedra.web.KeycloakServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedra.node.api.NodeApi;
import org.fedra.node.fhir.TestNode;
import org.fedra.node.inventory.DisclosureSettings;
import org.fedra.node.study.ContractBook;
import org.fedra.node.study.NodePolicy;
import org.fedra.protocol.audit.AuditLog;
import org.fedra.protocol.pki.Certificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's sign-in on a node started for the demo: the steward and a patient of the node sign in by choosing, get
 * their pages and roles (a demo patient still cannot open the steward's console), and the sign-ins are audited as demo
 * sign-ins; a patient identifier the node does not hold is refused, naming the field. (That nodes not started for
 * the demo refuse it: {@link StewardPagesBrowserTest#theDemoSignInIsRefusedOnANodeNotStartedForTheDemo}.)
 */
class DemoSignInTest {
    private static final String MRN = "urn:fedra:test:mrn";
    @TempDir
    Path dir;
    TestNode node;
    NodeApi api;
    String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        node = new TestNode(Files.createDirectories(dir.resolve("objects")), new DisclosureSettings(10, 10));
        String alice = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"alice\","
                + "\"identifier\":[{\"system\":\"" + MRN + "\",\"value\":\"alice\"}],\"gender\":\"female\",\"birthDate\":\"1961-04-02\"}}]}";
        assertThat(node.data.fhirImporter().importBundle(new StringReader(alice), "demo-test").problems()).isEmpty();
        AuditLog audit = AuditLog.open(dir, Certificates.newKeyPair(), node.clock, org.fedra.protocol.audit.Principal.node("node-test"));
        ContractBook contracts = new ContractBook(node.data.store().dataSource(), NodePolicy.load(dir), audit, node.clock);
        int port = KeycloakServer.freePort();
        base = "http://localhost:" + port;
        api = NodeApi.startWithDemoSignIn(node.data, dir, audit, "127.0.0.1", port, contracts, null);
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void theStewardAndAPatientSignInByChoosingWithTheirOwnRoles() throws Exception {
        assertThat(get("/auth/login", null).headers().firstValue("Location")).contains("/auth/demo");
        assertThat(get("/auth/demo", null).body()).contains("Demo sign-in", "Sign in as the data steward");

        HttpResponse<String> steward = post("/auth/demo", "as=steward");
        assertThat(steward.statusCode()).isEqualTo(302);
        String stewardSession = session(steward);
        assertThat(get("/steward/policy", stewardSession).statusCode()).isEqualTo(200);

        HttpResponse<String> unknown = post("/auth/demo", "as=patient&identifier=" + URLEncoder.encode(MRN + "|nobody", StandardCharsets.UTF_8));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("Hospital identifier: this hospital has no patient " + MRN + "|nobody.");
        assertThat(unknown.headers().allValues("Set-Cookie")).isEmpty();

        HttpResponse<String> alice = post("/auth/demo", "as=patient&identifier=" + URLEncoder.encode(MRN + "|alice", StandardCharsets.UTF_8));
        String aliceSession = session(alice);
        assertThat(get("/portal", aliceSession).headers().firstValue("Location")).contains("/portal/records/" + URLEncoder.encode(MRN + "|alice", StandardCharsets.UTF_8));
        assertThat(get("/steward/policy", aliceSession).statusCode()).isEqualTo(403);
        assertThat(Files.readAllLines(dir.resolve(AuditLog.LOG_FILE)).stream().filter(l -> l.contains("\"portal.signed-in\"")))
                .hasSize(2).allMatch(l -> l.contains("(demo sign-in)"));
    }

    @Test
    void theStewardImportsAFileUploadedFromTheConsole() throws Exception {
        String steward = session(post("/auth/demo", "as=steward"));
        String page = get("/steward/imports", steward).body();
        String marker = "name=\"csrf\" value=\"";
        String csrf = page.substring(page.indexOf(marker) + marker.length());
        csrf = csrf.substring(0, csrf.indexOf('"'));
        String boundary = "----fedra" + System.nanoTime();
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"bob\","
                + "\"identifier\":[{\"system\":\"" + MRN + "\",\"value\":\"bob\"}],\"gender\":\"male\",\"birthDate\":\"1970-01-01\"}}]}";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bob.json\"\r\nContent-Type: application/json\r\n\r\n" + bundle
                + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + "/steward/imports"))
                .header("Cookie", PatientPortal.SESSION_COOKIE + "=" + steward).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(303);
        long until = System.nanoTime() + 30_000_000_000L;
        while (node.data.rights().findPatient(MRN + "|bob").isEmpty() && System.nanoTime() < until) Thread.sleep(50);
        assertThat(node.data.rights().findPatient(MRN + "|bob")).isPresent();
    }

    private static String session(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(PatientPortal.SESSION_COOKIE + "="))
                .map(c -> c.substring(PatientPortal.SESSION_COOKIE.length() + 1, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) b.header("Cookie", PatientPortal.SESSION_COOKIE + "=" + cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
