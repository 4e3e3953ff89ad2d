package org.fedra.protocol.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fedra.protocol.json.JsonCodec;
import org.fedra.protocol.transfer.FramedPayload;
import org.junit.jupiter.api.Test;

/** Tensors survive the codec bit for bit; malformed files are refused with a message naming the problem. */
class TensorCodecTest {
    static final List<TensorCodec.Tensor> LAYERS = List.of(
            new TensorCodec.Tensor("layer1.weight", new int[] {2, 3}, new double[] {Math.PI, -0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY}),
            new TensorCodec.Tensor("layer1.bias", new int[] {2}, new double[] {1e-300, -7}),
            new TensorCodec.Tensor("scalar", new int[0], new double[] {42}));

    /** A file with a hand-written header and {@code data} after it. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).put(data).array();
    }

    static String error(byte[] bytes) {
        try {
            TensorCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void float64TensorsRoundTripBitForBitWithTheirNamesShapesAndMetadata() {
        byte[] bytes = TensorCodec.encode(LAYERS, Map.of("format", "fedra-model/1"), TensorCodec.DType.F64);
        TensorCodec.Decoded back = TensorCodec.decode(bytes);
        assertThat(back.tensors()).isEqualTo(LAYERS); // Arrays.equals: NaN equals NaN, -0.0 differs from 0.0
        assertThat(back.names()).containsExactly("layer1.weight", "layer1.bias", "scalar");
        assertThat(back.metadata()).containsExactly(Map.entry("format", "fedra-model/1"));
        assertThat(back.flat()).hasSize(9);
        assertThat(Double.doubleToRawLongBits(back.flat()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        // 8 bytes a value after an 8-byte aligned header: the data is exactly 9 little-endian doubles
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes.length - 8 - headerLength).isEqualTo(9 * 8);
        assertThat(ByteBuffer.wrap(bytes, (int) (8 + headerLength), 8).order(ByteOrder.LITTLE_ENDIAN).getDouble()).isEqualTo(Math.PI);

        double[] flat = new SplittableRandom(5).doubles(100_865).toArray();
        List<TensorCodec.Tensor> model = TensorCodec.split(flat, List.of("w", "b"), List.of(new int[] {865, 116}, new int[] {525}));
        assertThat(TensorCodec.decode(TensorCodec.encode(model)).flat()).containsExactly(flat);
    }

    @Test
    void float32RoundsEveryValueToFloat() {
        List<TensorCodec.Tensor> t = List.of(new TensorCodec.Tensor("w", new int[] {3}, new double[] {0.1, 1e-50, 3}));
        TensorCodec.Decoded back = TensorCodec.decode(TensorCodec.encode(t, Map.of(), TensorCodec.DType.F32));
        assertThat(back.flat()).containsExactly((float) 0.1, 0.0, 3);
    }

    @Test
    void aFileWrittenByAnotherWriterIsRead() {
        // header order differs from data order, no metadata, no padding: what other safetensors writers produce
        byte[] data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putDouble(1).putDouble(2).putFloat(3).putFloat(4).array();
        TensorCodec.Decoded d = TensorCodec.decode(file("{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[0,16]}}", data));
        assertThat(d.names()).containsExactly("a", "b");
        assertThat(d.flat()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void malformedFilesAreRefusedNamingTheProblem() {
        byte[] eight = new byte[16];
        assertThat(error(new byte[5])).isEqualTo("tensor file: a tensor file starts with an 8-byte header length, got 5 bytes");
        assertThat(error(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array()))
                .startsWith("tensor file: header length 9223372036854775807 does not fit a file of 16 bytes");
        assertThat(error(file("[1, 2]", new byte[0]))).isEqualTo("tensor file: the header is not a JSON object");
        assertThat(error(file("{\"a\": ", new byte[0]))).startsWith("tensor file: the header is not valid JSON");
        assertThat(error(file("{\"a\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", eight)))
                .isEqualTo("tensor file: tensor a has dtype 'I64'; known: F64, F32");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,16]}}", eight)))
                .isEqualTo("tensor file: tensor a of shape [3] and dtype F64 needs 24 bytes, its data_offsets [0,16] give 16");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,8]}}", eight)))
                .isEqualTo("tensor file: tensor a has dimension 0 of -1");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", eight)))
                .isEqualTo("tensor file: tensor a starts at byte 8 of the data, expected 0 (a gap)");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", eight)))
                .isEqualTo("tensor file: tensor b starts at byte 8 of the data, expected 16 (it overlaps another)");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", eight)))
                .isEqualTo("tensor file: 8 bytes of data after the last tensor belong to none");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[0,32]}}", eight)))
                .isEqualTo("tensor file: tensor a ends at byte 32, the data has 16");
        assertThat(error(file("{\"__metadata__\":{\"n\":1}}", new byte[0]))).isEqualTo("tensor file: __metadata__.n must be a string");
        assertThat(error(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"x\":1}}", eight)))
                .isEqualTo("tensor file: tensor a: unknown field x");
        assertThatThrownBy(() -> TensorCodec.split(new double[5], List.of("w"), List.of(new int[] {2, 2})))
                .hasMessage("the layout holds 4 values, was given 5");
        assertThatThrownBy(() -> new TensorCodec.Tensor("w", new int[] {2, 2}, new double[3]))
                .hasMessage("tensor w of shape [2, 2] needs 4 values, was given 3");
    }

    @Test
    void aTrainingStepTravelsWithItsParametersAsTensorsAndAsJsonNumbers() throws Exception {
        TrainingSpec spec = PlainUpdateTest.spec();
        double[] parameters = {0.1, -2.5};
        TrainingStep step = new TrainingStep(TrainingStep.UPDATE, "train-1", spec, 42, 3, parameters, new double[] {50},
                new double[] {10}, new TrainingStep.LocalSettings(1, 16, 0.1, 0), Map.of("node-a", 7L), 0, 0);
        List<String> names = List.of("layer1.weight", "layer1.bias");
        List<int[]> shapes = List.of(new int[] {1, 1}, new int[] {1});
        TrainingStep.Wire wire = step.toWire(TrainingStep.ParameterEncoding.TENSORS, names, shapes);
        assertThat(wire.json().has("parameters")).isFalse();
        assertThat(TensorCodec.decode(wire.tensors()).names()).isEqualTo(names);
        assertThat(TrainingStep.fromWire(wire.json(), wire.tensors()).parameters()).containsExactly(parameters);
        assertThatThrownBy(() -> TrainingStep.fromWire(step.toJson(), wire.tensors())).hasMessageContaining("not both");

        TrainingStep.Wire json = step.toWire(TrainingStep.ParameterEncoding.JSON_NUMBERS, names, shapes);
        assertThat(json.tensors()).isEmpty();
        assertThat(TrainingStep.fromWire(json.json(), json.tensors()).parameters()).containsExactly(parameters);

        // the plain-update task's payload: framed JSON and tensors, or plain JSON as before
        byte[] framed = new PlainUpdate("study-9", step).toBytes(TrainingStep.ParameterEncoding.TENSORS, names, shapes);
        assertThat(new String(framed, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("FDRF");
        assertThat(PlainUpdate.fromBytes(framed).step().parameters()).containsExactly(parameters);
        assertThat(new PlainUpdate("study-9", step).toBytes()[0]).isEqualTo((byte) '{');
        assertThatThrownBy(() -> FramedPayload.decode("FDRF\0\0\0\u0009{}".getBytes(StandardCharsets.ISO_8859_1)))
                .hasMessageContaining("a JSON part of 9 bytes does not fit 10 bytes");
        assertThat(FramedPayload.decode(JsonCodec.bytes(JsonCodec.object())).attachment()).isEmpty();
    }
}
