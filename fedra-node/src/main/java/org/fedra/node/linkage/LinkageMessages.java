package org.fedra.node.linkage;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.fedra.privacy.psi.BlindedSet;
import org.fedra.protocol.linkage.LinkageTasks;

/** Reading and writing the JSON payloads of the linkage tasks (see {@link LinkageTasks}). */
final class LinkageMessages {
    static final ObjectMapper JSON = JsonCodec.MAPPER;

    private LinkageMessages() {}

    static JsonNode parse(String taskType, byte[] payload) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException(taskType + " payload is not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(taskType + " payload must be a JSON object");
        }
        return n;
    }

    static String text(String taskType, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(taskType + " payload: field '" + field + "' is required and must be a non-empty string");
        }
        return v.asText();
    }

    /** The blinded set in field {@code elements} of {@code node}; {@code where} names the node for errors. */
    static BlindedSet elements(String taskType, JsonNode node, String where) {
        JsonNode v = node.get(LinkageTasks.ELEMENTS);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(taskType + " payload: " + where + "field '" + LinkageTasks.ELEMENTS
                    + "' is required (base64 of the 32-byte elements)");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(taskType + " payload: " + where + "field '" + LinkageTasks.ELEMENTS + "' is not base64: " + e.getMessage());
        }
        if (all.length % LinkageTasks.ELEMENT_LENGTH != 0) {
            throw new IllegalArgumentException(taskType + " payload: " + where + "field '" + LinkageTasks.ELEMENTS + "' holds " + all.length
                    + " bytes, not a whole number of " + LinkageTasks.ELEMENT_LENGTH + "-byte elements");
        }
        List<byte[]> out = new ArrayList<>(all.length / LinkageTasks.ELEMENT_LENGTH);
        for (int i = 0; i < all.length; i += LinkageTasks.ELEMENT_LENGTH) {
            out.add(Arrays.copyOfRange(all, i, i + LinkageTasks.ELEMENT_LENGTH));
        }
        return new BlindedSet(out);
    }

    /** {@code {"size": n, "elements": base64}}. */
    static byte[] setResult(BlindedSet set) {
        return LinkageTasks.setResult(set);
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
