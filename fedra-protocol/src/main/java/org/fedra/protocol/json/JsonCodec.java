package org.fedra.protocol.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON codec of Fedra: every module reads and writes JSON through {@link #MAPPER}, so that one configuration
 * (number handling, what is refused) holds on the hub, the nodes and the command line alike. An {@link ObjectMapper}
 * is thread-safe once configured; making one per class cost start-up time and let configurations drift apart.
 */
public final class JsonCodec {
    /** The shared mapper. Do not reconfigure it. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonCodec() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses bytes that are known to be JSON (our own wire formats); a malformed document is a bug, not bad input. */
    public static JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Parses a document that is known to be JSON (see {@link #tree(byte[])}). */
    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
