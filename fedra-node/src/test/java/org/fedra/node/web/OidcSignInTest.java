package org.fedra.node.web;

import org.fedra.web.OidcProvider;
import org.fedra.web.SignInRefusedException;
import org.fedra.web.SignInSettings;
import org.fedra.web.SignedInPerson;
import org.fedra.web.KeycloakServer;
import org.fedra.web.KeycloakLogin;
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
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node's OpenID Connect handling against a real Keycloak: the code flow with PKCE, the mapping of roles and of the
 * patient's hospital identifier, and every kind of bad ID token (forged, tampered, unsigned, expired, for another client,
 * from another issuer, with another sign-in's nonce) refused with the reason.
 */
@ExtendWith(KeycloakServer.Shared.class)
class OidcSignInTest {
    static final String MRN = "urn:fedra:test:mrn";
    private static final ObjectMapper JSON = new ObjectMapper();
    static OidcProvider provider;

    static SignInSettings settings(String issuer, int nodePort) {
        return SignInSettings.forNode(URI.create(issuer), "fedra-node", null, URI.create("http://localhost:" + nodePort), "roles", "steward", "patient",
                "preferred_username", MRN, Duration.ofMinutes(30));
    }

    @BeforeAll
    static void discover() {
        provider = OidcProvider.discover(settings(KeycloakServer.get().issuer(), 7777), Clock.systemUTC());
    }

    /** Signs in at Keycloak and exchanges the code itself: the raw ID token, minted for this nonce. */
    static String idToken(String user, String password, String nonce) throws Exception {
        String verifier = "v".repeat(43) + nonce;
        Map<String, String> back = KeycloakLogin.authorize(provider.authorizationRequest("s-" + nonce, nonce, verifier), user, password);
        String form = "grant_type=authorization_code&client_id=fedra-node&code=" + URLEncoder.encode(back.get("code"), StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode("http://localhost:7777/auth/callback", StandardCharsets.UTF_8) + "&code_verifier=" + verifier;
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(KeycloakServer.get().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("id_token").asText();
    }

    @Test
    void aPatientSignsInWithCodeAndPkceAndIsBoundToTheirHospitalIdentifier() throws Exception {
        String verifier = "pkce-verifier-of-this-test-0123456789-abcdefghijkl";
        Map<String, String> back = KeycloakLogin.authorize(provider.authorizationRequest("state-1", "nonce-1", verifier), "alice", "alice-password");
        assertThat(back.get("state")).isEqualTo("state-1");
        assertThat(back.get("redirect")).isEqualTo("http://localhost:7777/auth/callback");

        SignedInPerson alice = provider.redeem(back.get("code"), verifier, "nonce-1");
        assertThat(alice.roles()).containsExactly(SignedInPerson.Role.PATIENT);
        assertThat(alice.patientIdentifier()).isEqualTo(MRN + "|alice");
        assertThat(alice.name()).isEqualTo("Alice Example");
        assertThat(alice.subject()).matches("[0-9a-f-]{36}");
        // a code is good once
        assertThatThrownBy(() -> provider.redeem(back.get("code"), verifier, "nonce-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the sign-in provider refused the code (400 invalid_grant)");
    }

    @Test
    void aCodeWithoutItsPkceVerifierIsRefusedByTheProvider() throws Exception {
        Map<String, String> back = KeycloakLogin.authorize(provider.authorizationRequest("state-2", "nonce-2", "the-real-verifier-0123456789-0123456789-abc"),
                "alice", "alice-password");
        assertThatThrownBy(() -> provider.redeem(back.get("code"), "another-verifier-0123456789-0123456789-abcdef", "nonce-2"))
                .isInstanceOf(SignInRefusedException.class).hasMessage("the sign-in provider refused the code (400 invalid_grant)");
    }

    @Test
    void aStewardGetsTheStewardRoleAndNoPatientIdentifier() throws Exception {
        SignedInPerson sam = provider.verify(idToken("sam", "sam-password", "n-sam"), "n-sam");
        assertThat(sam.roles()).containsExactly(SignedInPerson.Role.STEWARD);
        assertThat(sam.patientIdentifier()).isNull();
    }

    @Test
    void forgedTamperedUnsignedExpiredMisdirectedAndReplayedTokensAreRefused() throws Exception {
        String token = idToken("alice", "alice-password", "n-1");
        assertThat(provider.verify(token, "n-1").patientIdentifier()).isEqualTo(MRN + "|alice");
        SignedJWT real = SignedJWT.parse(token);
        JWTClaimsSet claims = real.getJWTClaimsSet();

        // forged: the same claims and key id, signed with a key the provider never published
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(real.getHeader().getKeyID()).build(), claims);
        forged.sign(new RSASSASigner(attacker));
        assertThatThrownBy(() -> provider.verify(forged.serialize(), "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: Signed JWT rejected: Invalid signature");

        // tampered: bob's name put into alice's signed token
        String[] parts = token.split("\\.");
        JsonNode payload = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("preferred_username", "bob");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(payload)) + "." + parts[2];
        assertThatThrownBy(() -> provider.verify(tampered, "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: Signed JWT rejected: Invalid signature");

        // unsigned
        assertThatThrownBy(() -> provider.verify(new PlainJWT(claims).serialize(), "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: Unsecured (plain) JWTs are rejected, extend class to handle");

        // expired: the same token, judged an hour later
        assertThatThrownBy(() -> provider.at(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))).verify(token, "n-1"))
                .isInstanceOf(SignInRefusedException.class).hasMessage("the ID token was refused: Expired JWT");

        // for another client of the same provider
        assertThatThrownBy(() -> provider.asClient("other-app").verify(token, "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: JWT audience rejected: [fedra-node]");

        // from another issuer: the same Keycloak named by another host is another issuer
        OidcProvider other = OidcProvider.discover(settings("http://127.0.0.1:" + KeycloakServer.get().port() + "/realms/fedra", 7777), Clock.systemUTC());
        assertThatThrownBy(() -> other.verify(token, "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: JWT iss claim has value " + KeycloakServer.get().issuer() + ", must be http://127.0.0.1:"
                        + KeycloakServer.get().port() + "/realms/fedra");

        // replayed into another sign-in (another nonce)
        assertThatThrownBy(() -> provider.verify(token, "n-2")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token was refused: its nonce is not the one of this sign-in");
        // not a JWT at all
        assertThatThrownBy(() -> provider.verify("not-a-token", "n-1")).isInstanceOf(SignInRefusedException.class)
                .hasMessage("the ID token is not a signed JWT");
        assertThat(provider.settings().roleValues().keySet()).isEqualTo(Set.of(SignedInPerson.Role.STEWARD, SignedInPerson.Role.PATIENT));
    }
}
