package org.fedra.node.imaging;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NumPy {@code .npy} array as Orthanc's {@code /numpy} routes return it (format 1.0 to 3.0, C order, little-endian
 * or single-byte numbers): its shape and its values as floats. Pure.
 *
 * @param shape  dimensions
 * @param values every value, C order
 */
public record NpyArray(int[] shape, float[] values) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([uif])(\\d)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** @throws IllegalArgumentException saying what is not a readable {@code .npy} array */
    public static NpyArray parse(byte[] npy) {
        if (npy.length < 10 || (npy[0] & 0xFF) != 0x93 || !new String(npy, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IllegalArgumentException("not a NumPy .npy array");
        }
        ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        int major = npy[6];
        int headerLength = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(npy, start, headerLength, StandardCharsets.ISO_8859_1);
        if (header.contains("'fortran_order': True")) throw new IllegalArgumentException(".npy array in Fortran order");
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) throw new IllegalArgumentException(".npy header without dtype or shape: " + header.trim());
        if (d.group(1).equals(">")) throw new IllegalArgumentException("big-endian .npy arrays are not read");
        String[] dims = s.group(1).split(",");
        int count = 1;
        java.util.List<Integer> shape = new java.util.ArrayList<>();
        for (String dim : dims) {
            if (dim.isBlank()) continue;
            int v = Integer.parseInt(dim.trim());
            shape.add(v);
            count *= v;
        }
        char kind = d.group(2).charAt(0);
        int width = Integer.parseInt(d.group(3));
        b.position(start + headerLength);
        if (b.remaining() < (long) count * width) throw new IllegalArgumentException("truncated .npy array");
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = switch (kind + "" + width) {
                case "u1" -> b.get() & 0xFF;
                case "i1" -> b.get();
                case "u2" -> b.getShort() & 0xFFFF;
                case "i2" -> b.getShort();
                case "u4" -> (float) (b.getInt() & 0xFFFFFFFFL);
                case "i4" -> b.getInt();
                case "f4" -> b.getFloat();
                case "f8" -> (float) b.getDouble();
                default -> throw new IllegalArgumentException(".npy dtype " + kind + width + " is not read");
            };
        }
        return new NpyArray(shape.stream().mapToInt(Integer::intValue).toArray(), out);
    }
}
