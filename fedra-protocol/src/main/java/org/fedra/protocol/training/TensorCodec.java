package org.fedra.protocol.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedra.protocol.json.JsonCodec;

/**
 * Named tensors as bytes, in the safetensors format (the format Hugging Face's {@code safetensors} library reads and
 * writes, so an exported model opens in PyTorch or NumPy as it is): an 8-byte little-endian header length, a JSON
 * header {@code {"name": {"dtype": "F64", "shape": [4, 3], "data_offsets": [0, 96]}, ..., "__metadata__": {...}}},
 * then every tensor's values, row-major and little-endian, one after the other with no gap. Model parameters travel
 * between hub and nodes this way instead of as JSON numbers: 8 bytes a value instead of about 20, and no decimal
 * round trip. No library on Maven Central reads or writes the format; with the JSON codec it is this one class.
 *
 * <p>{@link #decode} treats its input as hostile: every length and offset is checked before it is used, and a file
 * that fails a check is refused with a message naming the tensor and the problem.
 */
public final class TensorCodec {
    /** Largest header accepted (the reference implementation's limit). */
    public static final int MAX_HEADER = 100 << 20;
    private static final String METADATA = "__metadata__";

    /** The element types written and read; values are held as doubles either way. */
    public enum DType {
        /** IEEE 754 binary64: exact for the federation's doubles. */
        F64(8),
        /** IEEE 754 binary32: half the size, for exports that need no more precision. */
        F32(4);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes per value. */
        public int bytes() {
            return bytes;
        }
    }

    /**
     * One tensor.
     *
     * @param name   unique in its file
     * @param shape  dimensions, each {@code >= 0} (empty: a scalar)
     * @param values {@code product(shape)} values in row-major order
     */
    public record Tensor(String name, int[] shape, double[] values) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("a tensor may not be named '" + name + "'");
            }
            shape = shape.clone();
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n
                        + " values, was given " + values.length);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && t.name.equals(name) && Arrays.equals(t.shape, shape) && Arrays.equals(t.values, values);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /**
     * A decoded file.
     *
     * @param tensors  in the order of their data in the file
     * @param metadata the {@code __metadata__} strings (empty when absent)
     */
    public record Decoded(List<Tensor> tensors, Map<String, String> metadata) {
        /** Every tensor's values, one after the other. */
        public double[] flat() {
            int n = 0;
            for (Tensor t : tensors) n += t.values().length;
            double[] out = new double[n];
            int at = 0;
            for (Tensor t : tensors) {
                System.arraycopy(t.values(), 0, out, at, t.values().length);
                at += t.values().length;
            }
            return out;
        }

        /** The tensor names, in order. */
        public List<String> names() {
            return tensors.stream().map(Tensor::name).toList();
        }

        /** The tensor shapes, in order. */
        public List<int[]> shapes() {
            return tensors.stream().map(Tensor::shape).toList();
        }
    }

    private TensorCodec() {}

    /** Tensors as float64, without metadata. */
    public static byte[] encode(List<Tensor> tensors) {
        return encode(tensors, Map.of(), DType.F64);
    }

    /**
     * @param metadata free-form strings stored with the tensors (e.g. what the file is)
     * @param dtype    the element type to write ({@link DType#F32} rounds every value to float)
     */
    public static byte[] encode(List<Tensor> tensors, Map<String, String> metadata, DType dtype) {
        ObjectNode header = JsonCodec.object();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        Set<String> names = new HashSet<>();
        for (Tensor t : tensors) {
            if (!names.add(t.name())) throw new IllegalArgumentException("two tensors are named " + t.name());
            ObjectNode e = header.putObject(t.name()).put("dtype", dtype.name());
            ArrayNode shape = e.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            long end = offset + (long) t.values().length * dtype.bytes();
            e.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JsonCodec.bytes(header);
        int padded = (json.length + 7) / 8 * 8; // the reference implementation aligns the data to 8 bytes with spaces
        if (8L + padded + offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensors of " + offset + " bytes do not fit one payload");
        }
        ByteBuffer b = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) b.put((byte) ' ');
        for (Tensor t : tensors) {
            if (dtype == DType.F64) {
                b.asDoubleBuffer().put(t.values());
                b.position(b.position() + t.values().length * Double.BYTES);
            } else {
                for (double v : t.values()) b.putFloat((float) v);
            }
        }
        return b.array();
    }

    /**
     * Reads a file written by {@link #encode} or by any safetensors writer (F64 and F32 tensors).
     *
     * @throws IllegalArgumentException naming what is malformed: the header length, the header JSON, a tensor's dtype,
     *                                  shape or offsets, a gap or an overlap in the data
     */
    public static Decoded decode(byte[] bytes) {
        if (bytes == null || bytes.length < 8) {
            throw bad("a tensor file starts with an 8-byte header length, got " + (bytes == null ? "nothing" : bytes.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = b.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8L) {
            throw bad("header length " + Long.toUnsignedString(headerLength) + " does not fit a file of " + bytes.length + " bytes"
                    + " (at most " + MAX_HEADER + ")");
        }
        int dataStart = 8 + (int) headerLength;
        String text = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        if (!text.startsWith("{")) throw bad("the header is not a JSON object");
        JsonNode header;
        try {
            header = JsonCodec.tree(text.stripTrailing());
        } catch (IllegalArgumentException e) {
            throw bad("the header is not valid JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) throw bad("the header is not a JSON object");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                if (!f.getValue().isObject()) throw bad(METADATA + " must be an object of strings");
                f.getValue().fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) throw bad(METADATA + "." + m.getKey() + " must be a string");
                    metadata.put(m.getKey(), m.getValue().asText());
                });
            } else {
                entries.add(entry(f.getKey(), f.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        long data = bytes.length - (long) dataStart;
        List<Tensor> tensors = new ArrayList<>();
        for (Entry e : entries) {
            if (e.begin != expected) {
                throw bad("tensor " + e.name + " starts at byte " + e.begin + " of the data, expected " + expected
                        + (e.begin < expected ? " (it overlaps another)" : " (a gap)"));
            }
            if (e.end > data) {
                throw bad("tensor " + e.name + " ends at byte " + e.end + ", the data has " + data);
            }
            double[] values = new double[(int) e.count];
            ByteBuffer v = ByteBuffer.wrap(bytes, dataStart + (int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
            if (e.dtype == DType.F64) {
                v.asDoubleBuffer().get(values);
            } else {
                for (int i = 0; i < values.length; i++) values[i] = v.getFloat();
            }
            tensors.add(new Tensor(e.name, e.shape, values));
            expected = e.end;
        }
        if (expected != data) {
            throw bad(data - expected + " bytes of data after the last tensor belong to none");
        }
        return new Decoded(List.copyOf(tensors), Map.copyOf(metadata));
    }

    /** Splits a flat vector into tensors of the given names and shapes. */
    public static List<Tensor> split(double[] flat, List<String> names, List<int[]> shapes) {
        if (names.size() != shapes.size()) throw new IllegalArgumentException(names.size() + " names for " + shapes.size() + " shapes");
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < names.size(); i++) {
            long n = 1;
            for (int d : shapes.get(i)) n *= d;
            if (at + n > flat.length) {
                throw new IllegalArgumentException("the layout needs more than the " + flat.length + " values given");
            }
            out.add(new Tensor(names.get(i), shapes.get(i), Arrays.copyOfRange(flat, at, at + (int) n)));
            at += (int) n;
        }
        if (at != flat.length) {
            throw new IllegalArgumentException("the layout holds " + at + " values, was given " + flat.length);
        }
        return out;
    }

    private record Entry(String name, DType dtype, int[] shape, long count, long begin, long end) {}

    private static Entry entry(String name, JsonNode n) {
        if (name.isEmpty()) throw bad("a tensor has an empty name");
        if (!n.isObject()) throw bad("tensor " + name + " is not an object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("dtype", "shape", "data_offsets").contains(f)) throw bad("tensor " + name + ": unknown field " + f);
        }
        String dtype = n.path("dtype").asText("");
        DType type;
        try {
            type = DType.valueOf(dtype);
        } catch (IllegalArgumentException e) {
            throw bad("tensor " + name + " has dtype '" + dtype + "'; known: F64, F32");
        }
        JsonNode s = n.get("shape");
        if (s == null || !s.isArray() || s.size() > 16) throw bad("tensor " + name + " needs a shape of at most 16 dimensions");
        int[] shape = new int[s.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!s.get(i).canConvertToInt() || !s.get(i).isIntegralNumber() || s.get(i).asInt() < 0) {
                throw bad("tensor " + name + " has dimension " + i + " of " + s.get(i));
            }
            shape[i] = s.get(i).asInt();
            count *= shape[i];
            if (count > Integer.MAX_VALUE - 8) throw bad("tensor " + name + " of shape " + s + " is too large");
        }
        JsonNode o = n.get("data_offsets");
        if (o == null || !o.isArray() || o.size() != 2 || !o.get(0).canConvertToLong() || !o.get(1).canConvertToLong()
                || !o.get(0).isIntegralNumber() || !o.get(1).isIntegralNumber()) {
            throw bad("tensor " + name + " needs data_offsets [begin, end]");
        }
        long begin = o.get(0).asLong();
        long end = o.get(1).asLong();
        if (begin < 0 || end - begin != count * type.bytes()) {
            throw bad("tensor " + name + " of shape " + s + " and dtype " + type + " needs " + count * type.bytes()
                    + " bytes, its data_offsets " + o + " give " + (end - begin));
        }
        return new Entry(name, type, shape, count, begin, end);
    }

    private static IllegalArgumentException bad(String problem) {
        return new IllegalArgumentException("tensor file: " + problem);
    }
}
