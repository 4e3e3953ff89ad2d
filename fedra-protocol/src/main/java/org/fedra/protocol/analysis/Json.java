package org.fedra.protocol.analysis;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/** Field readers that name the JSON path of a bad value. */
final class Json {
    static final ObjectMapper MAPPER = JsonCodec.MAPPER;

    private Json() {}

    static JsonNode read(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new AnalysisSpecException("$", what + " is not valid JSON: " + e.getMessage());
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(JsonNode n, String field, String path, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new AnalysisSpecException(path + "." + field, "is required");
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new AnalysisSpecException(path + "." + field, "must be a non-empty string");
        }
        return v.asText();
    }

    static double[] numbers(JsonNode n, String field, String path) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return new double[0];
        if (!v.isArray()) throw new AnalysisSpecException(path + "." + field, "must be an array of numbers");
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                throw new AnalysisSpecException(path + "." + field + "[" + i + "]", "must be a finite number");
            }
            out[i] = e.asDouble();
        }
        return out;
    }

    static ArrayNode array(double[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (double v : values) a.add(v);
        return a;
    }
}
