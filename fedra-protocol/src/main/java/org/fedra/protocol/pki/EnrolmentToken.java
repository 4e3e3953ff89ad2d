package org.fedra.protocol.pki;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * A single-use, expiring enrolment token. It carries the federation CA's fingerprint so that a
 * node can authenticate the hub before it has the CA certificate, and a secret that the hub stores
 * only as a hash. Text form: {@code fedra1.} followed by base64url JSON.
 *
 * @param id           the token's id (not secret)
 * @param secret       the secret the hub checks (hex)
 * @param organisation the organisation the token was issued for
 * @param expiresAt    after this instant the hub refuses it
 * @param caFingerprint SHA-256 of the federation CA certificate (hex)
 */
public record EnrolmentToken(String id, String secret, String organisation, Instant expiresAt, String caFingerprint) {
    private static final String PREFIX = "fedra1.";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    public String encode() {
        try {
            byte[] json = JSON.writeValueAsBytes(JSON.createObjectNode().put("id", id).put("secret", secret).put("org", organisation)
                    .put("exp", expiresAt.getEpochSecond()).put("ca", caFingerprint));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a token's text form, saying what is wrong with a malformed one. */
    public static EnrolmentToken decode(String text) {
        if (text == null || !text.trim().startsWith(PREFIX)) {
            throw new IllegalArgumentException("malformed enrolment token: it must start with '" + PREFIX + "'");
        }
        try {
            JsonNode o = JSON.readTree(Base64.getUrlDecoder().decode(text.trim().substring(PREFIX.length())));
            String id = o.path("id").asText("");
            String secret = o.path("secret").asText("");
            String ca = o.path("ca").asText("");
            if (id.isEmpty() || !secret.matches("[0-9a-f]{64}") || !ca.matches("[0-9a-f]{64}") || !o.path("exp").canConvertToLong()) {
                throw new IllegalArgumentException("malformed enrolment token: a field is missing or not well-formed");
            }
            return new EnrolmentToken(id, secret, o.path("org").asText(""), Instant.ofEpochSecond(o.path("exp").asLong()), ca);
        } catch (IOException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("malformed")) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("malformed enrolment token: not valid base64url JSON", e);
        }
    }
}
