package org.fedra.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sign-in file: what it sets, its defaults, and errors that name the setting. */
class SignInSettingsTest {
    @TempDir
    Path dir;

    private SignInSettings load(String text) throws Exception {
        Path f = dir.resolve("sign-in.properties");
        Files.writeString(f, text);
        return SignInSettings.load(f);
    }

    @Test
    void aCompleteFileIsReadAndDefaultsFillTheRest() throws Exception {
        SignInSettings s = load("issuer=https://id.hospital.example/realms/fedra/\nclient-id=fedra-node\npublic-url=https://portal.hospital.example\n"
                + "patient-claim=hospital_id\n");
        assertThat(s.issuer()).isEqualTo(URI.create("https://id.hospital.example/realms/fedra"));
        assertThat(s.callback()).isEqualTo(URI.create("https://portal.hospital.example/auth/callback"));
        assertThat(s.origin()).isEqualTo("https://portal.hospital.example");
        assertThat(s.rolesClaim()).isEqualTo("roles");
        assertThat(s.stewardRole()).isEqualTo("steward");
        assertThat(s.patientRole()).isEqualTo("patient");
        assertThat(s.clientSecret()).isNull();
        assertThat(s.patientIdentifierSystem()).isNull();
        assertThat(s.sessionLength()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        String ok = "issuer=https://id.example/realms/r\nclient-id=c\npublic-url=https://portal.example\npatient-claim=p\n";
        assertThatThrownBy(() -> load(ok + "cliend-id=x\n")).hasMessageStartingWith("sign-in setting cliend-id is not a sign-in setting (known: client-id,");
        assertThatThrownBy(() -> load(ok.replace("https://id.example", "http://id.example")))
                .hasMessage("sign-in setting issuer must be an https URL (http only on localhost), not http://id.example/realms/r");
        assertThatThrownBy(() -> load(ok.replace("https://portal.example", "https://portal.example/portal")))
                .hasMessage("sign-in setting public-url must be the site's root (scheme, host and port), not https://portal.example/portal");
        assertThatThrownBy(() -> load(ok.replace("client-id=c\n", ""))).hasMessage("sign-in setting client-id is missing");
        assertThatThrownBy(() -> load(ok.replace("patient-claim=p\n", "")))
                .hasMessage("sign-in setting patient-claim is missing (the claim that holds a patient's hospital identifier)");
        assertThatThrownBy(() -> load(ok + "session-minutes=1000\n")).hasMessage("sign-in setting session-minutes must be between 1 and 720");
        assertThatThrownBy(() -> load(ok + "session-minutes=soon\n")).hasMessage("session-minutes must be a whole number of minutes, not 'soon'");
    }

    @Test
    void theHubReadsOperatorAndResearcherRolesAndNeedsNoPatientClaim() throws Exception {
        Path f = dir.resolve("hub.properties");
        Files.writeString(f, "issuer=https://id.example/realms/r\nclient-id=fedra-hub\npublic-url=https://hub.example\noperator-role=fedra-admin\n");
        SignInSettings s = SignInSettings.load(f, SignInSettings.HUB_ROLES);
        assertThat(s.roleValues()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(SignedInPerson.Role.OPERATOR, "fedra-admin",
                SignedInPerson.Role.RESEARCHER, "researcher"));
        assertThat(s.stewardRole()).isNull();
        assertThat(s.patientClaim()).isNull();
        // a node's setting is unknown on the hub, and two roles cannot share one claim value
        Files.writeString(f, "issuer=https://id.example/realms/r\nclient-id=fedra-hub\npublic-url=https://hub.example\npatient-claim=x\n");
        assertThatThrownBy(() -> SignInSettings.load(f, SignInSettings.HUB_ROLES)).hasMessage("sign-in setting patient-claim is not a sign-in setting "
                + "(known: client-id, client-secret, issuer, operator-role, public-url, researcher-role, roles-claim, session-minutes)");
        Files.writeString(f, "issuer=https://id.example/realms/r\nclient-id=fedra-hub\npublic-url=https://hub.example\noperator-role=staff\nresearcher-role=staff\n");
        assertThatThrownBy(() -> SignInSettings.load(f, SignInSettings.HUB_ROLES)).hasMessageStartingWith("sign-in setting roles must each have their own claim value");
    }

    @Test
    void rolesAreReadFromADottedClaimPath() {
        java.util.Map<String, Object> claims = java.util.Map.of("realm_access", java.util.Map.of("roles", java.util.List.of("patient", "x")), "roles", "steward");
        assertThat(OidcProvider.strings(claims, "realm_access.roles")).containsExactly("patient", "x");
        assertThat(OidcProvider.strings(claims, "roles")).containsExactly("steward");
        assertThat(OidcProvider.strings(claims, "missing.path")).isEmpty();
        // RFC 7636 appendix B
        assertThat(OidcProvider.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
