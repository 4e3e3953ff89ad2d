package org.fedra.protocol.pkg;

import com.fasterxml.jackson.databind.JsonNode;

/** Field readers for the manifest whose errors name the JSON path. */
final class ManifestFields {
    private ManifestFields() {}

    static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new PackageException(where + "." + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) throw new PackageException(where + "." + field, "must be a non-empty string");
        return v.asText();
    }
}
