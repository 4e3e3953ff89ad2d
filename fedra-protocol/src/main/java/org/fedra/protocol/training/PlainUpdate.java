package org.fedra.protocol.training;

import org.fedra.protocol.json.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.fedra.protocol.transfer.FramedPayload;

/**
 * The task of type {@value #TASK_TYPE}: one round's update step of a training job run WITHOUT secure aggregation
 * (a robust rule needs every node's own update). The payload is {@code {"studyId":..., "step":{TrainingStep}}} with the
 * step's parameters as tensors in the payload's binary attachment ({@link FramedPayload}), or inside the step as JSON
 * numbers; the result is the node's update vector itself, as big-endian IEEE doubles. Unlike a secure sum, the hub sees this
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

    /** The payload with the step's parameters as JSON numbers. */
    public byte[] toBytes() {
        return toBytes(TrainingStep.ParameterEncoding.JSON_NUMBERS, List.of(), List.of());
    }

    /**
     * The payload with the step's parameters encoded as asked.
     *
     * @param tensorNames  the model's parameter tensors, in order (used with {@code TENSORS})
     * @param tensorShapes their shapes
     */
    public byte[] toBytes(TrainingStep.ParameterEncoding encoding, List<String> tensorNames, List<int[]> tensorShapes) {
        TrainingStep.Wire wire = step.toWire(encoding, tensorNames, tensorShapes);
        ObjectNode o = JSON.createObjectNode().put("studyId", studyId);
        o.set("step", wire.json());
        try {
            return new FramedPayload(JSON.writeValueAsBytes(o), wire.tensors()).encode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException naming what is missing or malformed */
    public static PlainUpdate fromBytes(byte[] payload) {
        JsonNode n;
        FramedPayload framed;
        try {
            framed = FramedPayload.decode(payload);
            n = JSON.readTree(framed.json());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("training.update payload is not JSON: " + e.getMessage());
        }
        return of(n, framed.attachment());
    }

    /**
     * The task from its payload's JSON part and binary attachment (as a node's task envelope holds them).
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static PlainUpdate of(JsonNode n, byte[] attachment) {
        if (n == null || !n.path("studyId").isTextual()) throw new IllegalArgumentException("training.update payload: $.studyId is missing");
        if (!n.path("step").isObject()) throw new IllegalArgumentException("training.update payload: $.step is missing");
        return new PlainUpdate(n.get("studyId").asText(), TrainingStep.fromWire(n.get("step"), attachment));
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
