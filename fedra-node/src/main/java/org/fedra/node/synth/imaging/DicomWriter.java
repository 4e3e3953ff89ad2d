package org.fedra.node.synth.imaging;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an uncompressed DICOM Part 10 file in Explicit VR Little Endian: preamble, {@code DICM}, file meta information
 * (group 0002 with its group length), then the data set in ascending tag order. Written here rather than with a
 * library because the maintained Java DICOM toolkit (dcm4che) is not served by Maven Central, and the phantoms need
 * only flat data sets of strings, unsigned shorts and native pixel data, which this encoding covers completely.
 */
public final class DicomWriter {
    /** Explicit VR Little Endian. */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    /** Fedra's implementation class UID (under the UUID-derived root 2.25). */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.195307528611346512906354389519216395811";

    private final TreeMap<Long, byte[]> elements = new TreeMap<>();

    /** A text element (AE, AS, CS, DA, DS, IS, LO, PN, SH, TM, UI...), padded to even length as its VR requires. */
    public DicomWriter text(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        if (v.length % 2 == 1) {
            byte[] padded = java.util.Arrays.copyOf(v, v.length + 1);
            padded[v.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
            v = padded;
        }
        return put(tag, vr, v);
    }

    /** An unsigned short element (US). */
    public DicomWriter us(int tag, int value) {
        return put(tag, "US", new byte[] {(byte) value, (byte) (value >>> 8)});
    }

    /** Native 16-bit pixel data (OW), little endian. */
    public DicomWriter pixels16(short[] values) {
        byte[] b = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            b[2 * i] = (byte) values[i];
            b[2 * i + 1] = (byte) (values[i] >>> 8);
        }
        return put(0x7FE00010, "OW", b);
    }

    /** Native 8-bit pixel data (OB), padded to even length. */
    public DicomWriter pixels8(byte[] values) {
        byte[] b = values.length % 2 == 0 ? values.clone() : java.util.Arrays.copyOf(values, values.length + 1);
        return put(0x7FE00010, "OB", b);
    }

    private DicomWriter put(int tag, String vr, byte[] value) {
        elements.put(tag & 0xFFFFFFFFL, element(tag, vr, value));
        return this;
    }

    /** The Part 10 file; the SOP class and instance UIDs must already be set as (0008,0016) and (0008,0018). */
    public byte[] toPart10() {
        String sopClass = value(0x00080016);
        String sopInstance = value(0x00080018);
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        write(meta, element(0x00020001, "OB", new byte[] {0, 1}));
        write(meta, element(0x00020002, "UI", uid(sopClass)));
        write(meta, element(0x00020003, "UI", uid(sopInstance)));
        write(meta, element(0x00020010, "UI", uid(EXPLICIT_VR_LITTLE_ENDIAN)));
        write(meta, element(0x00020012, "UI", uid(IMPLEMENTATION_CLASS_UID)));
        write(meta, element(0x00020013, "SH", "FEDRA_PHANTOM ".getBytes(StandardCharsets.US_ASCII)));
        byte[] metaBytes = meta.toByteArray();
        int n = metaBytes.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(element(0x00020000, "UL", new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)}));
        out.writeBytes(metaBytes);
        for (Map.Entry<Long, byte[]> e : elements.entrySet()) {
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }

    private String value(int tag) {
        byte[] e = elements.get(tag & 0xFFFFFFFFL);
        if (e == null) {
            throw new IllegalStateException(String.format("data set lacks (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
        }
        return new String(e, 8, e.length - 8, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    }

    private static byte[] uid(String uid) {
        byte[] v = uid.getBytes(StandardCharsets.US_ASCII);
        return v.length % 2 == 0 ? v : java.util.Arrays.copyOf(v, v.length + 1);
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.writeBytes(b);
    }

    private static byte[] element(int tag, String vr, byte[] value) {
        boolean longForm = java.util.Set.of("OB", "OW", "OF", "SQ", "UT", "UN").contains(vr);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tag >>> 16 & 0xFF);
        b.write(tag >>> 24 & 0xFF);
        b.write(tag & 0xFF);
        b.write(tag >>> 8 & 0xFF);
        b.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        int len = value.length;
        if (longForm) {
            b.write(0);
            b.write(0);
            b.write(len);
            b.write(len >>> 8);
            b.write(len >>> 16);
            b.write(len >>> 24);
        } else {
            if (len > 0xFFFF) {
                throw new IllegalArgumentException("value of " + vr + " element too long: " + len);
            }
            b.write(len);
            b.write(len >>> 8);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }
}
