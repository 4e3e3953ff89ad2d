package org.fedra.protocol.training;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The task of type {@value #TASK_TYPE}: one round's update step of a training job run WITHOUT secure aggregation
 * (a robust rule needs every node's own update). The payload is {@code {"studyId":..., "step":{TrainingStep}}};
 * the result is the node's update vector itself, as big-endian IEEE doubles. Unlike a secure sum, the hub sees this
 * node's vector on its own: it is an individual release, and nodes audit it as one.
 *
 * @param studyId the study the job belongs to (the node authorises it for analysis {@code training})
 * @param step    the update step ({@link TrainingStep#UPDATE})
 */
public record PlainUpdate(String studyId, TrainingStep step) {
    public static final String TASK_TYPE = "training.update";
    private static final ObjectMapper JSON = JsonCodec.MAPPER;

    public PlainUpdate {
        if (studyId == null || studyId.isBlank()) throw new IllegalArgumentException("a plain update needs a study id");
        if (step == null || !TrainingStep.UPDATE.equals(step.phase())) {
            throw new IllegalArgumentException("a plain update carries an update step, not " + (step == null ? "nothing" : step.phase()));
        }
    }

    public byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode().put("studyId", studyId);
        o.set("step", step.toJson());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming what is missing or malformed */
    public static PlainUpdate fromBytes(byte[] payload) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("training.update payload is not JSON: " + e.getMessage());
        }
        if (n == null || !n.path("studyId").isTextual()) throw new IllegalArgumentException("training.update payload: $.studyId is missing");
        if (!n.path("step").isObject()) throw new IllegalArgumentException("training.update payload: $.step is missing");
        return new PlainUpdate(n.get("studyId").asText(), TrainingStep.fromJson(n.get("step")));
    }

    /** The node's result: its vector as big-endian doubles. */
    public static byte[] vectorBytes(double[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Double.BYTES);
        for (double v : vector) b.putDouble(v);
        return b.array();
    }

    /** @throws IllegalArgumentException if the bytes are not a whole number of doubles */
    public static double[] vector(byte[] result) {
        if (result == null || result.length % Double.BYTES != 0) {
            throw new IllegalArgumentException("an update vector must be a whole number of 8-byte doubles, got "
                    + (result == null ? "nothing" : result.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(result);
        double[] out = new double[result.length / Double.BYTES];
        for (int i = 0; i < out.length; i++) out[i] = b.getDouble();
        return out;
    }
}
