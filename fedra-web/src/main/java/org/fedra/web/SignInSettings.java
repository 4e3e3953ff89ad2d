package org.fedra.web;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.fedra.web.SignedInPerson.Role;

/**
 * How people sign in to a site's pages (a node's or the hub's) through an OpenID Connect provider. Off unless the
 * site is started with a sign-in file ({@code fedra node --sign-in-config FILE}, {@code fedra hub serve --sign-in-config
 * FILE}); the file is a properties file:
 *
 * <pre>
 * issuer=https://id.hospital.example/realms/fedra     # the provider, exactly as it names itself in its tokens
 * client-id=fedra-node                                # this site's client at the provider
 * client-secret=...                                   # only for a confidential client (PKCE is used either way)
 * public-url=https://portal.hospital.example          # where browsers reach this site (callback: public-url + /auth/callback)
 * roles-claim=roles                                   # the ID-token claim with the person's roles (a dotted path like realm_access.roles works)
 * steward-role=steward                                # node: the value in that claim that makes a data steward
 * patient-role=patient                                # node: ... and a patient
 * patient-claim=hospital_id                           # node: the claim that binds a patient to their hospital identifier
 * patient-identifier-system=urn:oid:1.2.3             # node: when set, the claim holds only the value: SYSTEM|value is looked up
 * operator-role=operator                              # hub: the value that makes the federation's operator
 * researcher-role=researcher                          # hub: ... and a researcher
 * session-minutes=30                                  # how long a session lasts without signing in again
 * </pre>
 *
 * @param roleValues the roles this site knows, each with the claim value that grants it
 */
public record SignInSettings(URI issuer, String clientId, String clientSecret, URI publicUrl, String rolesClaim, Map<Role, String> roleValues,
                             String patientClaim, String patientIdentifierSystem, Duration sessionLength) {
    /** The roles of a node's pages. */
    public static final Set<Role> NODE_ROLES = Set.of(Role.STEWARD, Role.PATIENT);
    /** The roles of the hub's pages. */
    public static final Set<Role> HUB_ROLES = Set.of(Role.OPERATOR, Role.RESEARCHER);
    private static final Set<String> COMMON_KEYS = Set.of("issuer", "client-id", "client-secret", "public-url", "roles-claim", "session-minutes");

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
        require(roleValues != null && !roleValues.isEmpty(), "roles", "are missing");
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        EnumMap<Role, String> values = new EnumMap<>(Role.class);
        roleValues.forEach((role, value) -> values.put(role, value == null || value.isBlank() ? role.defaultValue() : value.trim()));
        require(new LinkedHashSet<>(values.values()).size() == values.size(), "roles", "must each have their own claim value, not " + values);
        roleValues = Map.copyOf(values);
        if (roleValues.containsKey(Role.PATIENT)) {
            require(patientClaim != null && !patientClaim.isBlank(), "patient-claim", "is missing (the claim that holds a patient's hospital identifier)");
        }
        clientSecret = clientSecret == null || clientSecret.isBlank() ? null : clientSecret;
        patientClaim = patientClaim == null || patientClaim.isBlank() ? null : patientClaim;
        patientIdentifierSystem = patientIdentifierSystem == null || patientIdentifierSystem.isBlank() ? null : patientIdentifierSystem;
    }

    /** A node's settings: data stewards and patients. */
    public static SignInSettings forNode(URI issuer, String clientId, String clientSecret, URI publicUrl, String rolesClaim, String stewardRole,
                                         String patientRole, String patientClaim, String patientIdentifierSystem, Duration sessionLength) {
        Map<Role, String> roles = new EnumMap<>(Role.class);
        roles.put(Role.STEWARD, stewardRole == null ? "" : stewardRole);
        roles.put(Role.PATIENT, patientRole == null ? "" : patientRole);
        return new SignInSettings(issuer, clientId, clientSecret, publicUrl, rolesClaim, roles, patientClaim, patientIdentifierSystem, sessionLength);
    }

    /** The hub's settings: the operator and researchers. */
    public static SignInSettings forHub(URI issuer, String clientId, String clientSecret, URI publicUrl, String rolesClaim, String operatorRole,
                                        String researcherRole, Duration sessionLength) {
        Map<Role, String> roles = new EnumMap<>(Role.class);
        roles.put(Role.OPERATOR, operatorRole == null ? "" : operatorRole);
        roles.put(Role.RESEARCHER, researcherRole == null ? "" : researcherRole);
        return new SignInSettings(issuer, clientId, clientSecret, publicUrl, rolesClaim, roles, null, null, sessionLength);
    }

    /** Reads a node's sign-in file; an unknown or malformed setting is an error naming it. */
    public static SignInSettings load(Path file) {
        return load(file, NODE_ROLES);
    }

    /** Reads a sign-in file of a site with these roles; an unknown or malformed setting is an error naming it. */
    public static SignInSettings load(Path file, Set<Role> roles) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the sign-in settings " + file + ": " + e.getMessage(), e);
        }
        Set<String> known = new TreeSet<>(COMMON_KEYS);
        roles.forEach(r -> known.add(r.settingKey()));
        if (roles.contains(Role.PATIENT)) known.addAll(Set.of("patient-claim", "patient-identifier-system"));
        for (String k : p.stringPropertyNames()) {
            require(known.contains(k), k, "is not a sign-in setting (known: " + String.join(", ", known) + ")");
        }
        int minutes;
        try {
            minutes = Integer.parseInt(p.getProperty("session-minutes", "30").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("session-minutes must be a whole number of minutes, not '" + p.getProperty("session-minutes") + "'");
        }
        Map<Role, String> values = new EnumMap<>(Role.class);
        roles.forEach(r -> values.put(r, trim(p, r.settingKey()) == null ? "" : trim(p, r.settingKey())));
        return new SignInSettings(uri(p, "issuer"), trim(p, "client-id"), trim(p, "client-secret"), uri(p, "public-url"), trim(p, "roles-claim"),
                values, trim(p, "patient-claim"), trim(p, "patient-identifier-system"), Duration.ofMinutes(minutes));
    }

    /** The same settings for another client of the provider (for checking a token's audience). */
    public SignInSettings withClientId(String other) {
        return new SignInSettings(issuer, other, clientSecret, publicUrl, rolesClaim, roleValues, patientClaim, patientIdentifierSystem, sessionLength);
    }

    /** The claim value that grants {@code role}, or null when this site does not know the role. */
    public String roleValue(Role role) {
        return roleValues.get(role);
    }

    /** The claim value of a data steward (node), or null on a site without stewards. */
    public String stewardRole() {
        return roleValue(Role.STEWARD);
    }

    /** The claim value of a patient (node), or null on a site without patients. */
    public String patientRole() {
        return roleValue(Role.PATIENT);
    }

    /** Where the provider sends the browser back after sign-in. */
    public URI callback() {
        return URI.create(origin() + "/auth/callback");
    }

    /** scheme://host[:port] of the site's pages, as browsers send it in the Origin header. */
    public String origin() {
        return publicUrl.getScheme() + "://" + publicUrl.getHost() + (publicUrl.getPort() < 0 ? "" : ":" + publicUrl.getPort());
    }

    /** Whether the pages are served over https (then the cookies are marked Secure). */
    public boolean secure() {
        return "https".equalsIgnoreCase(publicUrl.getScheme());
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
