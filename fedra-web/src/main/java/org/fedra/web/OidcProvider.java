package org.fedra.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.fedra.protocol.json.JsonCodec;

/**
 * A site's side of OpenID Connect (a node's or the hub's): the provider's metadata (discovered from the issuer), the authorization request
 * with PKCE (S256), the code exchange, and the verification of ID tokens against the provider's published keys
 * (signature by a key of the JWKS with an asymmetric algorithm, issuer, audience, authorized party, expiry, nonce).
 * What the token says is turned into a {@link SignedInPerson} with the roles the settings map.
 */
public final class OidcProvider {
    /** Algorithms accepted for ID tokens: asymmetric only (a shared-secret HS256 token could be made by any client). */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
            JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SignInSettings settings;
    private final HttpClient http;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Clock clock;

    private OidcProvider(SignInSettings settings, HttpClient http, URI authorizationEndpoint, URI tokenEndpoint, JWKSource<SecurityContext> keys, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.clock = clock;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // nimbus asks these sets whether they contain null, which Set.of answers with an exception
                new java.util.HashSet<>(List.of(settings.clientId())), new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
                new java.util.HashSet<>(List.of("sub", "iat", "exp", "nonce")), new java.util.HashSet<>()) {
            @Override
            protected Date currentTime() {
                return Date.from(OidcProvider.this.clock.instant());
            }
        };
        claims.setMaxClockSkew(30);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Reads the provider's metadata from {@code issuer/.well-known/openid-configuration}; the issuer it names must be the
     * configured one, character for character.
     */
    public static OidcProvider discover(SignInSettings settings, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        URI discovery = URI.create(settings.issuer() + "/.well-known/openid-configuration");
        JsonNode meta;
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the sign-in provider answered " + r.statusCode() + " for " + discovery);
            }
            meta = JsonCodec.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the sign-in provider at " + discovery + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + discovery, e);
        }
        String issuer = meta.path("issuer").asText();
        if (!issuer.equals(settings.issuer().toString())) {
            throw new IllegalStateException("the sign-in provider at " + discovery + " calls itself '" + issuer + "', not the configured issuer "
                    + settings.issuer());
        }
        try {
            URI jwks = URI.create(meta.path("jwks_uri").asText());
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks.toURL()).retrying(true).build();
            return new OidcProvider(settings, http, URI.create(meta.path("authorization_endpoint").asText()),
                    URI.create(meta.path("token_endpoint").asText()), keys, clock);
        } catch (IllegalArgumentException | java.net.MalformedURLException e) {
            throw new IllegalStateException("the sign-in provider's metadata at " + discovery + " lacks a valid jwks_uri, authorization_endpoint or token_endpoint", e);
        }
    }

    public SignInSettings settings() {
        return settings;
    }

    /** The same provider judged by another clock (to check how it treats a token later). */
    public OidcProvider at(Clock other) {
        return new OidcProvider(settings, http, authorizationEndpoint, tokenEndpoint, keys(), other);
    }

    /** The same provider, but acting as another client (for checking a token's audience). */
    public OidcProvider asClient(String clientId) {
        return new OidcProvider(settings.withClientId(clientId), http, authorizationEndpoint, tokenEndpoint, keys(), clock);
    }

    @SuppressWarnings("unchecked")
    private JWKSource<SecurityContext> keys() {
        return ((JWSVerificationKeySelector<SecurityContext>) processor.getJWSKeySelector()).getJWKSource();
    }

    /** The URL the browser is sent to for signing in. */
    public URI authorizationRequest(String state, String nonce, String codeVerifier) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", settings.clientId());
        q.put("redirect_uri", settings.callback().toString());
        q.put("scope", "openid");
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge(codeVerifier));
        q.put("code_challenge_method", "S256");
        String sep = authorizationEndpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(authorizationEndpoint + sep + form(q));
    }

    /** Exchanges an authorization code (with its PKCE verifier) for the ID token, and verifies it. */
    public SignedInPerson redeem(String code, String codeVerifier, String nonce) throws SignInRefusedException {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("code", code);
        f.put("redirect_uri", settings.callback().toString());
        f.put("code_verifier", codeVerifier);
        f.put("client_id", settings.clientId());
        HttpRequest.Builder b = HttpRequest.newBuilder(tokenEndpoint).timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (settings.clientSecret() != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
                    + ":" + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode body;
        try {
            HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofString(form(f))).build(), HttpResponse.BodyHandlers.ofString());
            body = JsonCodec.MAPPER.readTree(r.body());
            if (r.statusCode() != 200) {
                throw new SignInRefusedException("the sign-in provider refused the code (" + r.statusCode() + " " + body.path("error").asText() + ")");
            }
        } catch (IOException e) {
            throw new SignInRefusedException("the sign-in provider could not be reached to complete the sign-in: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInRefusedException("interrupted");
        }
        String idToken = body.path("id_token").asText(null);
        if (idToken == null) {
            throw new SignInRefusedException("the sign-in provider sent no ID token");
        }
        return verify(idToken, nonce);
    }

    /**
     * Verifies an ID token: signed with an asymmetric algorithm by a key the provider publishes, from the configured
     * issuer, for this client (audience, and authorized party when present), not expired, carrying {@code nonce}.
     */
    public SignedInPerson verify(String idToken, String nonce) throws SignInRefusedException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException e) {
            throw new SignInRefusedException("the ID token is not a signed JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw new SignInRefusedException("the ID token was refused: " + e.getMessage());
        }
        try {
            if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
                    Objects.toString(claims.getStringClaim("nonce"), "").getBytes(StandardCharsets.UTF_8))) {
                throw new SignInRefusedException("the ID token was refused: its nonce is not the one of this sign-in");
            }
            String azp = claims.getStringClaim("azp");
            if (azp != null && !azp.equals(settings.clientId())) {
                throw new SignInRefusedException("the ID token was refused: it was issued to client " + azp + ", not " + settings.clientId());
            }
            Set<SignedInPerson.Role> roles = new LinkedHashSet<>();
            List<String> granted = strings(claims.getClaims(), settings.rolesClaim());
            settings.roleValues().forEach((role, value) -> {
                if (granted.contains(value)) roles.add(role);
            });
            String identifier = null;
            if (roles.contains(SignedInPerson.Role.PATIENT)) {
                List<String> bound = strings(claims.getClaims(), settings.patientClaim());
                if (bound.size() != 1 || bound.get(0).isBlank()) {
                    throw new SignInRefusedException("a patient's ID token must carry exactly one hospital identifier in claim " + settings.patientClaim());
                }
                identifier = settings.patientIdentifierSystem() == null ? bound.get(0) : settings.patientIdentifierSystem() + "|" + bound.get(0);
                if (identifier.indexOf('|') <= 0 || identifier.endsWith("|")) {
                    throw new SignInRefusedException("claim " + settings.patientClaim() + " must hold SYSTEM|VALUE (or set patient-identifier-system)");
                }
            }
            String name = Objects.requireNonNullElse(claims.getStringClaim("name"), Objects.requireNonNullElse(claims.getStringClaim("preferred_username"), claims.getSubject()));
            return new SignedInPerson(claims.getSubject(), name, roles, identifier);
        } catch (ParseException e) {
            throw new SignInRefusedException("the ID token was refused: a claim has the wrong type (" + e.getMessage() + ")");
        }
    }

    /** The strings at a dotted claim path (a string, or an array of strings). */
    public static List<String> strings(Map<String, Object> claims, String path) {
        Object v = claims;
        for (String part : path.split("\\.")) {
            v = v instanceof Map<?, ?> m ? m.get(part) : null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof java.util.Collection<?> c) {
            for (Object o : c) {
                if (o instanceof String s) out.add(s);
            }
        }
        return out;
    }

    public static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> q) {
        return q.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
