package org.fedra.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fedra.hub.Hub;
import org.fedra.hub.HubConfig;
import org.fedra.node.NodeAgent;
import org.fedra.node.NodeConfig;
import org.fedra.node.TaskHandlers;
import org.fedra.web.KeycloakLogin;
import org.fedra.web.KeycloakServer;
import org.fedra.web.OidcProvider;
import org.fedra.web.SignInRefusedException;
import org.fedra.web.SignInSettings;
import org.fedra.web.SignedInPerson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's pages and API under attack, with a real hub, a real node and the real Keycloak: a researcher on the
 * operator's routes, state changes without the CSRF token, forged, expired and misdirected ID tokens, script in names
 * and titles, personal API tokens beyond their scopes, and form errors that name their field.
 */
@ExtendWith(KeycloakServer.Shared.class)
class HubWebAttacksTest {
    static final String SCRIPT_ORG = "<script>alert('org')</script> Hospital";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    static Hub hub;
    static NodeAgent node;
    static String base;
    static SignInSettings settings;
    static BrowserlessSession rita;
    static BrowserlessSession olga;

    /** A hub on a free port whose pages sign people in at the test Keycloak. */
    static Hub startHub(Path dir) throws Exception {
        int port = KeycloakServer.freePort();
        Path file = dir.resolve("hub-sign-in.properties");
        Files.createDirectories(dir);
        Files.writeString(file, "issuer=" + KeycloakServer.get().issuer() + "\nclient-id=fedra-hub\npublic-url=http://localhost:" + port + "\n");
        return Hub.start(HubConfig.defaults(dir.resolve("hub")).withBindAddress("127.0.0.1").withPorts(0, port).withHeartbeatInterval(Duration.ofMillis(500))
                .withSignInConfig(file));
    }

    @BeforeAll
    static void start() throws Exception {
        hub = startHub(tmp);
        base = "http://localhost:" + hub.httpPort();
        settings = SignInSettings.load(tmp.resolve("hub-sign-in.properties"), SignInSettings.HUB_ROLES);
        node = NodeAgent.start(NodeConfig.of(tmp.resolve("node"), "localhost:" + hub.grpcPort(), hub.issueToken(SCRIPT_ORG, Duration.ofMinutes(5)).encode())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), TaskHandlers.withBuiltIns());
        assertThat(node.awaitConnected(Duration.ofSeconds(20))).isTrue();
        rita = BrowserlessSession.signIn(base, "rita", "rita-password");
        olga = BrowserlessSession.signIn(base, "olga", "olga-password");
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
        if (hub != null) hub.close();
    }

    @Test
    void aResearcherOnTheOperatorsRoutesGets403() throws Exception {
        HttpResponse<String> nodes = rita.get("/api/nodes");
        assertThat(nodes.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(nodes.body()).get("error").asText()).isEqualTo("this route is for the operator role; the caller has researcher");
        assertThat(rita.postJson("/api/enrolments", "{\"organisation\": \"x\"}", rita.csrf()).statusCode()).isEqualTo(403);
        assertThat(rita.postJson("/api/nodes/" + node.nodeId() + "/revoke", "{}", rita.csrf()).statusCode()).isEqualTo(403);
        assertThat(hub.nodes().find(node.nodeId()).orElseThrow().revoked()).isFalse();
        assertThat(rita.get("/operator").statusCode()).isEqualTo(403);
        assertThat(rita.postForm("/operator/enrol", Map.of("csrf", rita.csrf(), "organisation", "x", "minutes", "60")).statusCode()).isEqualTo(403);
        // the researcher's own routes answer; the operator is refused the researcher's pages and API alike
        assertThat(rita.get("/api/studies").statusCode()).isEqualTo(200);
        assertThat(rita.get("/research").statusCode()).isEqualTo(200);
        assertThat(olga.get("/research").statusCode()).isEqualTo(403);
        assertThat(olga.get("/api/studies").statusCode()).isEqualTo(403);
        assertThat(olga.get("/api/nodes").statusCode()).isEqualTo(200);
        // nobody: 401, and a page sends the browser to sign in
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/studies")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(base + "/operator")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).contains("/auth/login");
    }

    @Test
    void aStateChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        int studies = hub.studies().list().size();
        String study = "{\"title\": \"t\", \"purpose\": \"HRESCH\", \"organisation\": \"uni\", \"nodes\": [\"" + node.nodeId() + "\"], \"analyses\": [\"feasibility\"]}";
        HttpResponse<String> none = rita.postJson("/api/studies", study, null);
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(none.body()).get("error").asText()).contains("CSRF token");
        assertThat(rita.postJson("/api/studies", study, "forged").statusCode()).isEqualTo(403);
        assertThat(rita.postForm("/research/studies", Map.of("title", "t", "purpose", "HRESCH", "organisation", "uni", "nodes", node.nodeId(),
                "analyses", "feasibility")).statusCode()).isEqualTo(403);
        assertThat(olga.postForm("/operator/nodes/" + node.nodeId() + "/revoke", Map.of("reason", "no token")).statusCode()).isEqualTo(403);
        assertThat(olga.postForm("/auth/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(hub.studies().list()).hasSize(studies);
        assertThat(hub.nodes().find(node.nodeId()).orElseThrow().revoked()).isFalse();
        assertThat(olga.get("/operator").statusCode()).as("still signed in").isEqualTo(200);
        // with the token the same request goes through
        assertThat(rita.postJson("/api/studies", study, rita.csrf()).statusCode()).isEqualTo(201);
        assertThat(hub.studies().list()).hasSize(studies + 1);
    }

    @Test
    void forgedExpiredAndMisdirectedIdTokensAreRefused() throws Exception {
        OidcProvider provider = OidcProvider.discover(settings, Clock.systemUTC());
        String token = idToken(provider, "rita", "rita-password", "n-1");
        SignedInPerson person = provider.verify(token, "n-1");
        assertThat(person.roles()).containsExactly(SignedInPerson.Role.RESEARCHER);
        assertThat(person.name()).isEqualTo("Rita Researcher");

        assertThatThrownBy(() -> provider.at(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).verify(token, "n-1"))
                .isInstanceOf(SignInRefusedException.class).hasMessage("the ID token was refused: Expired JWT");
        assertThatThrownBy(() -> provider.asClient("fedra-node").verify(token, "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: JWT audience rejected: [fedra-hub]");
        OidcProvider otherIssuer = OidcProvider.discover(SignInSettings.forHub(URI.create("http://127.0.0.1:" + KeycloakServer.get().port() + "/realms/fedra"),
                "fedra-hub", null, settings.publicUrl(), null, null, null, Duration.ofMinutes(30)), Clock.systemUTC());
        assertThatThrownBy(() -> otherIssuer.verify(token, "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessageStartingWith("the ID token was refused: JWT iss claim has value " + KeycloakServer.get().issuer());
        // the same claims signed by a key the provider never published
        RSAKey mine = new RSAKeyGenerator(2048).keyID(SignedJWT.parse(token).getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(mine.getKeyID()).build(), SignedJWT.parse(token).getJWTClaimsSet());
        forged.sign(new RSASSASigner(mine));
        assertThatThrownBy(() -> provider.verify(forged.serialize(), "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: Signed JWT rejected: Invalid signature");
        // an operator role claimed in a self-made token does not open the console either
        SignedJWT operator = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(mine.getKeyID()).build(),
                new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet()).claim("roles", java.util.List.of("operator")).expirationTime(
                        new Date(System.currentTimeMillis() + 600_000)).build());
        operator.sign(new RSASSASigner(mine));
        assertThatThrownBy(() -> provider.verify(operator.serialize(), "n-1")).isInstanceOf(SignInRefusedException.class);

        // a callback the hub did not start (no sign-in cookie, a made-up state) signs nobody in
        HttpResponse<String> cb = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/auth/callback?code=abc&state=made-up")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cb.statusCode()).isEqualTo(401);
        assertThat(cb.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(HubSignIn.SESSION_COOKIE + "=") && !c.contains("Max-Age=0"));
    }

    @Test
    void scriptInANodesOrganisationAndInAStudyTitleIsShownAsText() throws Exception {
        String title = "<script>alert('title')</script><img src=x onerror=alert(1)>";
        assertThat(rita.postJson("/api/studies", "{\"title\": " + JSON.writeValueAsString(title) + ", \"purpose\": \"HRESCH\", \"organisation\": \"uni\","
                + " \"nodes\": [\"" + node.nodeId() + "\"], \"analyses\": [\"feasibility\"]}", rita.csrf()).statusCode()).isEqualTo(201);
        String research = rita.get("/research").body();
        assertThat(research).doesNotContain("<script>alert").doesNotContain("<img src=x").contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;");
        String console = olga.get("/operator").body();
        assertThat(console).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; Hospital");
        // the pages may run only the hub's own script files
        HttpResponse<String> r = olga.get("/operator");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void personalApiTokensActWithinTheirScopesOnly() throws Exception {
        HttpResponse<String> made = olga.postForm("/account/tokens", Map.of("csrf", olga.csrf(), "name", "nightly export", "scope", "operator", "days", "7"));
        assertThat(made.statusCode()).isEqualTo(201);
        Matcher m = Pattern.compile("(" + ApiTokens.PREFIX + "[A-Za-z0-9_-]{43})").matcher(made.body());
        assertThat(m.find()).isTrue();
        String token = m.group(1);
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/nodes")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/studies")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        // the token is shown once: the list names it, never shows it
        assertThat(olga.get("/account/tokens").body()).contains("nightly export").doesNotContain(token);
        // a scope beyond the owner's roles is refused, naming the field
        HttpResponse<String> beyond = olga.postForm("/account/tokens", Map.of("csrf", olga.csrf(), "name", "x", "scope", "researcher", "days", "7"));
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(beyond.body()).contains("scopes: researcher is not one of your roles (operator)").contains("id=\"scopes\" aria-invalid=\"true\"");
        // revoked: refused at once
        Matcher id = Pattern.compile("action=\"/account/tokens/(tok-[a-f0-9-]+)/revoke\"").matcher(olga.get("/account/tokens").body());
        assertThat(id.find()).isTrue();
        assertThat(olga.postForm("/account/tokens/" + id.group(1) + "/revoke", Map.of("csrf", olga.csrf())).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/nodes")).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        // someone else's token id: 404, nothing revoked
        assertThat(rita.postForm("/account/tokens/" + id.group(1) + "/revoke", Map.of("csrf", rita.csrf())).statusCode()).isEqualTo(404);
    }

    @Test
    void formErrorsNameTheField() throws Exception {
        HttpResponse<String> noTitle = rita.postForm("/research/studies", Map.of("csrf", rita.csrf(), "title", " ", "purpose", "HRESCH", "organisation", "uni",
                "nodes", node.nodeId(), "analyses", "feasibility"));
        assertThat(noTitle.statusCode()).isEqualTo(400);
        assertThat(noTitle.body()).contains("<p class=\"error\" id=\"title-error\" role=\"alert\">title: is required</p>")
                .contains("id=\"title\" name=\"title\" value=\" \" aria-invalid=\"true\" aria-describedby=\"title-error\"");
        HttpResponse<String> badOrg = rita.postForm("/research/studies", Map.of("csrf", rita.csrf(), "title", "ok", "purpose", "HRESCH",
                "organisation", "uni research!", "nodes", node.nodeId(), "analyses", "feasibility"));
        assertThat(badOrg.statusCode()).isEqualTo(400);
        assertThat(badOrg.body()).contains("id=\"organisation-error\" role=\"alert\">organisation: 1-64 letters, digits, &#39;-&#39; or &#39;.&#39;, not uni research!");
        HttpResponse<String> minutes = olga.postForm("/operator/enrol", Map.of("csrf", olga.csrf(), "organisation", "St Elsewhere", "minutes", "soon"));
        assertThat(minutes.statusCode()).isEqualTo(400);
        assertThat(minutes.body()).contains("id=\"minutes-error\" role=\"alert\">minutes must be a whole number from 1 to 43200, was &#39;soon&#39;");
        HttpResponse<String> reason = olga.postForm("/operator/nodes/" + node.nodeId() + "/revoke", Map.of("csrf", olga.csrf(), "reason", ""));
        assertThat(reason.statusCode()).isEqualTo(400);
        assertThat(reason.body()).contains("id=\"reason-" + node.nodeId() + "-error\" role=\"alert\">reason must be a non-empty text");
        assertThat(hub.nodes().find(node.nodeId()).orElseThrow().revoked()).isFalse();
    }

    /** Signs in at Keycloak for the hub's client and exchanges the code itself: the raw ID token, minted for this nonce. */
    static String idToken(OidcProvider provider, String user, String password, String nonce) throws Exception {
        String verifier = "v".repeat(43) + nonce;
        Map<String, String> back = KeycloakLogin.authorize(provider.authorizationRequest("s-" + nonce, nonce, verifier), user, password);
        String form = "grant_type=authorization_code&client_id=fedra-hub&code=" + BrowserlessSession.enc(back.get("code")) + "&redirect_uri="
                + BrowserlessSession.enc(provider.settings().callback().toString()) + "&code_verifier=" + verifier;
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(KeycloakServer.get().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        return body.get("id_token").asText();
    }
}
