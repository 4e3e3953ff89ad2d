package org.fedra.web;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * How people sign in to the node's pages through an OpenID Connect provider. Off unless the node is started with a
 * sign-in file ({@code fedra node --sign-in-config FILE}); the file is a properties file:
 *
 * <pre>
 * issuer=https://id.hospital.example/realms/fedra     # the provider, exactly as it names itself in its tokens
 * client-id=fedra-node                                # this node's client at the provider
 * client-secret=...                                   # only for a confidential client (PKCE is used either way)
 * public-url=https://portal.hospital.example          # where browsers reach this node (callback: public-url + /auth/callback)
 * roles-claim=roles                                   # the ID-token claim with the person's roles (a dotted path like realm_access.roles works)
 * steward-role=steward                                # the value in that claim that makes a data steward
 * patient-role=patient                                # ... and a patient
 * patient-claim=hospital_id                           # the claim that binds a patient to their hospital identifier
 * patient-identifier-system=urn:oid:1.2.3             # when set, the claim holds only the value: SYSTEM|value is looked up
 * session-minutes=30                                  # how long a session lasts without signing in again
 * </pre>
 */
public record SignInSettings(URI issuer, String clientId, String clientSecret, URI publicUrl, String rolesClaim, String stewardRole,
                             String patientRole, String patientClaim, String patientIdentifierSystem, Duration sessionLength) {
    private static final Set<String> KEYS = Set.of("issuer", "client-id", "client-secret", "public-url", "roles-claim", "steward-role",
            "patient-role", "patient-claim", "patient-identifier-system", "session-minutes");

    public SignInSettings {
        require(issuer != null, "issuer", "is missing");
        require(clientId != null && !clientId.isBlank(), "client-id", "is missing");
        require(publicUrl != null, "public-url", "is missing");
        require(https(issuer), "issuer", "must be an https URL (http only on localhost), not " + issuer);
        require(https(publicUrl), "public-url", "must be an https URL (http only on localhost), not " + publicUrl);
        require(publicUrl.getPath() == null || publicUrl.getPath().isEmpty() || publicUrl.getPath().equals("/"), "public-url",
                "must be the site's root (scheme, host and port), not " + publicUrl);
        require(sessionLength != null && !sessionLength.isNegative() && !sessionLength.isZero() && sessionLength.compareTo(Duration.ofHours(12)) <= 0,
                "session-minutes", "must be between 1 and 720");
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        stewardRole = stewardRole == null || stewardRole.isBlank() ? "steward" : stewardRole;
        patientRole = patientRole == null || patientRole.isBlank() ? "patient" : patientRole;
        require(patientClaim != null && !patientClaim.isBlank(), "patient-claim", "is missing (the claim that holds a patient's hospital identifier)");
        clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        patientIdentifierSystem = patientIdentifierSystem == null || patientIdentifierSystem.isBlank() ? null : patientIdentifierSystem;
    }

    /** Reads the sign-in file; an unknown or malformed setting is an error naming it. */
    public static SignInSettings load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the sign-in settings " + file + ": " + e.getMessage(), e);
        }
        for (String k : p.stringPropertyNames()) {
            require(KEYS.contains(k), k, "is not a sign-in setting (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        int minutes;
        try {
            minutes = Integer.parseInt(p.getProperty("session-minutes", "30").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("session-minutes must be a whole number of minutes, not '" + p.getProperty("session-minutes") + "'");
        }
        return new SignInSettings(uri(p, "issuer"), trim(p, "client-id"), trim(p, "client-secret"), uri(p, "public-url"), trim(p, "roles-claim"),
                trim(p, "steward-role"), trim(p, "patient-role"), trim(p, "patient-claim"), trim(p, "patient-identifier-system"),
                Duration.ofMinutes(minutes));
    }

    /** Where the provider sends the browser back after sign-in. */
    public URI callback() {
        return URI.create(origin() + "/auth/callback");
    }

    /** scheme://host[:port] of the node's pages, as browsers send it in the Origin header. */
    public String origin() {
        return publicUrl.getScheme() + "://" + publicUrl.getHost() + (publicUrl.getPort() < 0 ? "" : ":" + publicUrl.getPort());
    }

    private static URI uri(Properties p, String key) {
        String v = trim(p, key);
        if (v == null) return null;
        try {
            URI u = new URI(v.endsWith("/") && key.equals("issuer") ? v.substring(0, v.length() - 1) : v);
            require(u.getHost() != null, key, "must be an absolute URL, not '" + v + "'");
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: '" + v + "'");
        }
    }

    private static String trim(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static boolean https(URI u) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("http") && Set.of("localhost", "127.0.0.1", "[::1]").contains(u.getHost());
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) throw new IllegalArgumentException("sign-in setting " + key + " " + message);
    }
}
